//! Property tests of the forest: random operations, valid and not, keep the invariants.

use proptest::prelude::*;

use super::tests::{code, owner, sscc};
use super::*;
use crate::lifecycle::{IntroductionRoute, WithdrawalReason, WriteOffReason};
use Status::{Applied, Emitted, Introduced};

/// How an operation acts on the forest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Aggregate,
    Reaggregate,
    Disaggregate,
}

/// A random operation. Units are numbers; with `fitting`, the numbers index the units the
/// operation could plausibly take right now (free units to pack, packed units to move, the
/// parent's children to unpack, roots for events), so that many operations are accepted; without
/// it they name any unit of the pool, so that many are refused.
#[derive(Debug, Clone)]
enum Op {
    Pack {
        kind: Kind,
        parent: usize,
        picks: Vec<usize>,
        fitting: bool,
    },
    Apply {
        root: usize,
        fitting: bool,
        event: Event,
    },
    Transfer {
        root: usize,
        fitting: bool,
        owner: usize,
    },
}

const POOL: usize = 10;

/// Units 0..3 are transport units, the rest codes.
fn unit(n: usize) -> UnitId {
    if n < 3 { sscc(n) } else { code(n) }
}

fn any_op() -> impl Strategy<Value = Op> {
    let events = vec![
        Event::Apply,
        Event::Introduce {
            route: IntroductionRoute::Production,
        },
        Event::RetailSale,
        Event::CustomerReturn,
        Event::WriteOff {
            reason: WriteOffReason::Damage,
        },
        Event::Withdraw {
            reason: WithdrawalReason::OwnUse,
        },
        Event::RemarkOld,
        Event::RemarkNew,
    ];
    let kind = prop_oneof![
        3 => Just(Kind::Aggregate),
        2 => Just(Kind::Reaggregate),
        2 => Just(Kind::Disaggregate)
    ];
    let fitting = || proptest::bool::weighted(0.8);
    let picks = prop_oneof![
        1 => Just(Vec::new()),
        9 => proptest::collection::vec(0..POOL, 1..4),
    ];
    prop_oneof![
        6 => (kind, 0..POOL, picks, fitting()).prop_map(|(kind, parent, picks, fitting)| {
            Op::Pack { kind, parent, picks, fitting }
        }),
        2 => (0..POOL, fitting(), proptest::sample::select(events))
            .prop_map(|(root, fitting, event)| Op::Apply { root, fitting, event }),
        1 => (0..POOL, fitting(), 0..2usize)
            .prop_map(|(root, fitting, owner)| Op::Transfer { root, fitting, owner }),
    ]
}

fn start() -> impl Strategy<Value = Vec<(Status, usize)>> {
    let status = prop_oneof![6 => Just(Introduced), 2 => Just(Applied), 1 => Just(Emitted)];
    let owner = prop_oneof![6 => Just(0usize), 1 => Just(1usize)];
    proptest::collection::vec((status, owner), POOL)
}

/// The `n`th of `candidates` (wrapping), or unit `n` if there are none or the op is not fitting.
fn choose(n: usize, fitting: bool, candidates: &[UnitId]) -> UnitId {
    match candidates.len() {
        len if fitting && len > 0 => candidates[n % len].clone(),
        _ => unit(n),
    }
}

/// The units of `forest` that pass `keep`, in key order.
fn pool(forest: &Forest, keep: impl Fn(&UnitFacts) -> bool) -> Vec<UnitId> {
    (0..POOL)
        .filter_map(|n| forest.facts(&unit(n)))
        .filter(|f| keep(f))
        .map(|f| f.id)
        .collect()
}

/// `root` and everything it contains.
fn tree(forest: &Forest, root: &UnitId) -> Vec<UnitFacts> {
    std::iter::once(root.clone())
        .chain(forest.contents(root))
        .filter_map(|x| forest.facts(&x))
        .collect()
}

/// Applies `op`: whether it was accepted, having checked on success that it did what it says.
fn run(forest: &mut Forest, op: &Op) -> Result<bool, TestCaseError> {
    match op {
        Op::Pack {
            kind,
            parent,
            picks,
            fitting,
        } => {
            let parent = match kind {
                Kind::Disaggregate => {
                    let full = pool(forest, |f| !forest.children(&f.id).is_empty());
                    choose(*parent, *fitting, &full)
                }
                Kind::Aggregate | Kind::Reaggregate => {
                    let open = pool(forest, |f| f.status.may_be_packed());
                    choose(*parent, *fitting, &open)
                }
            };
            let like = forest.facts(&parent).map(|p| (p.status, p.owner));
            let fits = |f: &UnitFacts| {
                f.id != parent
                    && Some((f.status, f.owner)) == like
                    && (parent.is_sscc() || !f.id.is_sscc())
            };
            let candidates = match kind {
                Kind::Aggregate => pool(forest, |f| f.parent.is_none() && fits(f)),
                Kind::Reaggregate => pool(forest, |f| f.parent.is_some() && fits(f)),
                Kind::Disaggregate => forest.children(&parent),
            };
            let mut children: Vec<UnitId> = Vec::new();
            for n in picks {
                let child = choose(*n, *fitting, &candidates);
                // A fitting list names each unit once; a raw one may repeat.
                if !(*fitting && children.contains(&child)) {
                    children.push(child);
                }
            }
            let (done, now_in) = match kind {
                Kind::Aggregate => (forest.aggregate(&parent, &children), Some(parent)),
                Kind::Reaggregate => (forest.reaggregate(&parent, &children), Some(parent)),
                Kind::Disaggregate => (forest.disaggregate(&parent, &children), None),
            };
            if done.is_ok() {
                for child in &children {
                    prop_assert_eq!(forest.facts(child).map(|f| f.parent), Some(now_in.clone()));
                }
            }
            Ok(done.is_ok())
        }
        Op::Apply {
            root,
            fitting,
            event,
        } => {
            let roots = pool(forest, |f| f.parent.is_none());
            let root = choose(*root, *fitting, &roots);
            let done = forest.apply_event(&root, event);
            if let Ok(status) = done {
                prop_assert!(tree(forest, &root).iter().all(|f| f.status == status));
            }
            Ok(done.is_ok())
        }
        Op::Transfer {
            root,
            fitting,
            owner: to,
        } => {
            let roots = pool(forest, |f| f.parent.is_none());
            let root = choose(*root, *fitting, &roots);
            let done = forest.transfer(&root, owner(*to));
            if done.is_ok() {
                prop_assert!(tree(forest, &root).iter().all(|f| f.owner == owner(*to)));
            }
            Ok(done.is_ok())
        }
    }
}

/// The invariants of the module doc, read off the whole forest.
fn check_invariants(forest: &Forest) -> Result<(), TestCaseError> {
    let all: Vec<UnitFacts> = forest.units().collect();
    for facts in &all {
        let holders = all
            .iter()
            .filter(|p| forest.children(&p.id).contains(&facts.id))
            .map(|p| p.id.clone())
            .collect::<Vec<_>>();
        prop_assert_eq!(
            holders,
            facts.parent.iter().cloned().collect::<Vec<_>>(),
            "one parent, both ways"
        );
        let ancestors = forest.ancestors(&facts.id);
        prop_assert!(
            ancestors.len() < all.len() && !ancestors.contains(&facts.id),
            "cycle at {}",
            facts.id
        );
        if let Some(parent) = facts.parent.as_ref().and_then(|p| forest.facts(p)) {
            prop_assert_eq!(
                (facts.status, facts.owner),
                (parent.status, parent.owner),
                "{} vs its parent",
                facts.id
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Random operations, valid and not: the invariants hold after each, a refused operation
    /// changes nothing, and a successful one does what it says.
    #[test]
    fn random_operations_keep_the_invariants(
        start in start(),
        ops in proptest::collection::vec(any_op(), 1..60),
    ) {
        let mut forest = Forest::new();
        for (n, (status, o)) in start.into_iter().enumerate() {
            forest.insert(unit(n), status, owner(o)).expect("fresh unit");
        }
        for op in &ops {
            let before = forest.clone();
            if !run(&mut forest, op)? {
                prop_assert_eq!(&forest, &before, "refused {:?} changed the forest", op);
            }
            check_invariants(&forest)?;
        }
    }
}
