//! An in-memory aggregation tree (R4): the model the store's tables are checked against, and a
//! place to try document sequences without a database. Every rule comes from
//! [`check`](super::check); this file only reads facts and applies the changes.

use std::collections::{BTreeSet, HashMap};

use super::{
    AggregationError, UnitFacts, UnitId, check_aggregate, check_cascade, check_disaggregate,
    check_event, check_reaggregate,
};
use crate::ParticipantId;
use crate::lifecycle::{Event, Status};

/// Units with their status, owner and packing: a forest of aggregates. An operation either
/// passes its check and is applied whole, or is refused and changes nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Forest {
    nodes: HashMap<UnitId, Node>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Node {
    status: Status,
    owner: ParticipantId,
    parent: Option<UnitId>,
    children: BTreeSet<UnitId>,
}

impl Forest {
    /// An empty forest.
    pub fn new() -> Self {
        Forest::default()
    }

    /// Registers a unit inside no aggregate.
    pub fn insert(
        &mut self,
        id: UnitId,
        status: Status,
        owner: ParticipantId,
    ) -> Result<(), AggregationError> {
        if self.nodes.contains_key(&id) {
            return Err(AggregationError::UnitExists { unit: id });
        }
        let node = Node {
            status,
            owner,
            parent: None,
            children: BTreeSet::new(),
        };
        self.nodes.insert(id, node);
        Ok(())
    }

    /// What is known of `id`, if the forest holds it.
    pub fn facts(&self, id: &UnitId) -> Option<UnitFacts> {
        self.nodes.get(id).map(|node| UnitFacts {
            id: id.clone(),
            status: node.status,
            owner: node.owner,
            parent: node.parent.clone(),
        })
    }

    /// Every unit's facts, in no particular order.
    pub fn units(&self) -> impl Iterator<Item = UnitFacts> + '_ {
        self.nodes.keys().filter_map(|id| self.facts(id))
    }

    /// The units directly inside `id`, in key order.
    pub fn children(&self, id: &UnitId) -> Vec<UnitId> {
        self.nodes
            .get(id)
            .map(|node| node.children.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Everything inside `id` at any depth, depth-first, `id` itself excluded.
    pub fn contents(&self, id: &UnitId) -> Vec<UnitId> {
        let mut found = Vec::new();
        let mut stack = self.children(id);
        stack.reverse();
        while let Some(unit) = stack.pop() {
            stack.extend(self.children(&unit).into_iter().rev());
            found.push(unit);
        }
        found
    }

    /// The aggregates `id` sits in, innermost first. Bounded by the number of units, so even a
    /// broken forest cannot make it loop.
    pub fn ancestors(&self, id: &UnitId) -> Vec<UnitId> {
        let parent_of = |unit: &UnitId| self.nodes.get(unit).and_then(|n| n.parent.clone());
        std::iter::successors(parent_of(id), parent_of)
            .take(self.nodes.len())
            .collect()
    }

    /// Packs `children` (each inside no aggregate) into `parent`; see [`check_aggregate`].
    pub fn aggregate(
        &mut self,
        parent: &UnitId,
        children: &[UnitId],
    ) -> Result<(), AggregationError> {
        let (parent_facts, child_facts) = self.read(parent, children)?;
        check_aggregate(&parent_facts, &self.ancestors(parent), &child_facts)?;
        self.move_into(parent, children);
        Ok(())
    }

    /// Moves `children` from the aggregates they sit in into `new_parent`; see
    /// [`check_reaggregate`].
    pub fn reaggregate(
        &mut self,
        new_parent: &UnitId,
        children: &[UnitId],
    ) -> Result<(), AggregationError> {
        let (parent_facts, child_facts) = self.read(new_parent, children)?;
        check_reaggregate(&parent_facts, &self.ancestors(new_parent), &child_facts)?;
        self.move_into(new_parent, children);
        Ok(())
    }

    /// Takes `children` out of `parent`; see [`check_disaggregate`]. To empty an aggregate,
    /// pass [`Forest::children`] of it.
    pub fn disaggregate(
        &mut self,
        parent: &UnitId,
        children: &[UnitId],
    ) -> Result<(), AggregationError> {
        let (parent_facts, child_facts) = self.read(parent, children)?;
        check_disaggregate(&parent_facts, &child_facts)?;
        for child in children {
            self.detach(child);
        }
        Ok(())
    }

    /// Applies `event` to `root` and everything inside it; returns their new status. See
    /// [`check_event`].
    pub fn apply_event(
        &mut self,
        root: &UnitId,
        event: &Event,
    ) -> Result<Status, AggregationError> {
        let facts = self.read_one(root)?;
        let status = check_event(&facts, !self.children(root).is_empty(), event)?;
        self.for_tree(root, |node| node.status = status);
        Ok(status)
    }

    /// Makes `owner` the owner of `root` and everything inside it (a shipment accepted). See
    /// [`check_cascade`].
    pub fn transfer(
        &mut self,
        root: &UnitId,
        owner: ParticipantId,
    ) -> Result<(), AggregationError> {
        check_cascade(&self.read_one(root)?)?;
        self.for_tree(root, |node| node.owner = owner);
        Ok(())
    }

    fn read_one(&self, id: &UnitId) -> Result<UnitFacts, AggregationError> {
        self.facts(id)
            .ok_or_else(|| AggregationError::UnknownUnit { unit: id.clone() })
    }

    fn read(
        &self,
        parent: &UnitId,
        children: &[UnitId],
    ) -> Result<(UnitFacts, Vec<UnitFacts>), AggregationError> {
        let parent = self.read_one(parent)?;
        let children = children
            .iter()
            .map(|child| self.read_one(child))
            .collect::<Result<_, _>>()?;
        Ok((parent, children))
    }

    /// Detaches each child from wherever it is and attaches it to `parent` (checked before).
    fn move_into(&mut self, parent: &UnitId, children: &[UnitId]) {
        for child in children {
            self.detach(child);
            if let Some(node) = self.nodes.get_mut(child) {
                node.parent = Some(parent.clone());
            }
            if let Some(node) = self.nodes.get_mut(parent) {
                node.children.insert(child.clone());
            }
        }
    }

    fn detach(&mut self, child: &UnitId) {
        let old = self
            .nodes
            .get_mut(child)
            .and_then(|node| node.parent.take());
        if let Some(node) = old.and_then(|old| self.nodes.get_mut(&old)) {
            node.children.remove(child);
        }
    }

    fn for_tree(&mut self, root: &UnitId, mut change: impl FnMut(&mut Node)) {
        for unit in std::iter::once(root.clone()).chain(self.contents(root)) {
            if let Some(node) = self.nodes.get_mut(&unit) {
                change(node);
            }
        }
    }
}

#[cfg(test)]
#[path = "forest_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "forest_props.rs"]
mod props;
