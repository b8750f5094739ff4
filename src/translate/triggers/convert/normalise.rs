//! Stage 1: the Chat condition tree brought to the one level messaging has (K5, K6).
//!
//! Chat's JSON nests `and`/`or`/`not`; a messaging trigger checks ALL or ANY of its
//! conditions for the whole trigger. Every `not` is pushed down (into the opposite operator,
//! or into a group by De Morgan: `rules/negation.rs`), and a group inside a group of the
//! same kind, or a group of one, is merged (`rules/nesting.rs`). Each rewrite keeps the
//! meaning and is recorded as `flattened`; what cannot be merged stays a group for the
//! conditions stage to flag.

use crate::translate::triggers::context::Acc;
use crate::translate::triggers::parse::{Cond, Node};
use crate::translate::triggers::rules::{negation, nesting};
use crate::translate::triggers::tables::{self, Op};

/// A condition after `not` was pushed down: the node it came from, whether a `not` that
/// could not be folded still applies, and the operator after folding.
#[derive(Clone, Copy)]
pub(super) struct Leaf<'a> {
    pub(super) node: &'a Node,
    /// The path to report: the outermost `not` around it, or the node itself.
    pub(super) path: &'a str,
    pub(super) negated: bool,
    pub(super) op: Option<Op>,
}

pub(super) enum Norm<'a> {
    Group { all: bool, path: &'a str, items: Vec<Norm<'a>> },
    Leaf(Leaf<'a>),
}

/// Push `not` down and merge nested groups of the same kind. Each rewrite that keeps the
/// meaning is recorded as `flattened`. Depth is bounded by the parser.
pub(super) fn normalize<'a>(node: &'a Node, neg: bool, outer: Option<&'a str>, acc: &mut Acc, root: bool) -> Norm<'a> {
    let path = outer.unwrap_or(&node.path);
    match &node.cond {
        Cond::And(children) | Cond::Or(children) => {
            let is_and = matches!(node.cond, Cond::And(_));
            let all = is_and != neg;
            if neg {
                negation::into_group(acc, path, is_and);
            }
            let mut items = Vec::with_capacity(children.len());
            for c in children {
                match normalize(c, neg, None, acc, false) {
                    Norm::Group { all: a, path: p, items: inner } if a == all => {
                        nesting::merged(acc, p, all);
                        items.extend(inner);
                    }
                    other => items.push(other),
                }
            }
            if items.len() == 1 {
                if let Some(only) = items.pop() {
                    if !root {
                        nesting::group_of_one(acc, path);
                    }
                    return only;
                }
            }
            Norm::Group { all, path, items }
        }
        Cond::Not(inner) => normalize(inner, !neg, Some(path), acc, root),
        Cond::Cmp { op: Some(op), op_name, .. } if neg => match tables::operator(*op).negation {
            Some(n) => {
                let to = tables::operator(n);
                negation::into_operator(acc, path, op_name, format!("{} ({})", to.name, to.chat));
                Norm::Leaf(Leaf { node, path, negated: false, op: Some(n) })
            }
            None => Norm::Leaf(Leaf { node, path, negated: true, op: Some(*op) }),
        },
        Cond::Cmp { op, .. } => Norm::Leaf(Leaf { node, path, negated: neg, op: *op }),
        _ => Norm::Leaf(Leaf { node, path, negated: neg, op: None }),
    }
}
