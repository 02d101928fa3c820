//! A hostile rule set: `check-code` misbehaves according to the code's serial, and answers
//! like a well-behaved rule set for any other serial. The sandbox tests call it to prove each
//! misbehaviour is contained and the next call works.
//!
//! | serial | behaviour |
//! |---|---|
//! | `loop` | never returns |
//! | `slow` | busy for about a second (slow only on this input) |
//! | `oom` | grows memory without bound |
//! | `recurse` | recurses until the stack overflows |
//! | `panic` | panics |
//! | `flood` | returns a million findings |
//! | `bad-output` | returns a finding without texts |

use tanba_plugin_sdk::{
    Context, Document, Finding, Guest, Info, MarkingCode, Product, Sale, Verdict, error, text,
};

/// The hostile rule set.
pub struct Hostile;

impl Guest for Hostile {
    fn describe() -> Info {
        Info {
            id: "hostile".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            product_groups: vec!["hostile".into()],
            document_kinds: Vec::new(),
            checks: vec!["HOSTILE_OK".into()],
        }
    }

    fn check_code(code: MarkingCode, _product: Product, _context: Context) -> Vec<Finding> {
        match code.serial.as_str() {
            "loop" => spin(u64::MAX),
            "slow" => spin(3_000_000_000),
            "oom" => eat_memory(),
            "recurse" => vec![ok_finding(recurse(1))],
            "panic" => panic!("hostile guest panics on purpose"),
            "flood" => (0..1_000_000).map(ok_finding).collect(),
            "bad-output" => vec![error("HOSTILE_OK", "/serial", text("", "", ""))],
            _ => vec![ok_finding(0)],
        }
    }

    fn check_document(_document: Document, _context: Context) -> Vec<Finding> {
        Vec::new()
    }

    fn check_sale(_code: MarkingCode, _product: Product, _sale: Sale) -> Verdict {
        Verdict {
            allowed: true,
            findings: Vec::new(),
        }
    }
}

fn ok_finding(n: u64) -> Finding {
    error(
        "HOSTILE_OK",
        format!("/{n}"),
        text("сәйкес", "в порядке", "fine"),
    )
}

/// Busy work the optimiser cannot remove.
fn spin(rounds: u64) -> Vec<Finding> {
    let mut x = 0u64;
    for i in 0..rounds {
        x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
    }
    vec![ok_finding(x)]
}

fn eat_memory() -> Vec<Finding> {
    let mut hoard: Vec<Vec<u8>> = Vec::new();
    loop {
        hoard.push(vec![1u8; 1 << 20]);
        std::hint::black_box(&hoard);
    }
}

fn recurse(depth: u64) -> u64 {
    if depth == u64::MAX {
        return 0;
    }
    let frame = std::hint::black_box([depth; 64]);
    frame[0] + recurse(depth + 1)
}

tanba_plugin_sdk::export!(Hostile);
