//! The one `$ref` resolver: follows chains of references inside a JSON document to the node
//! they end at. Each reference is looked up once per document (the end of every chain is
//! memoised for every reference on it), so resolving all references of a document is linear
//! in their number however long the chains; a cycle is found by the set of references on the
//! chain being followed, not by a depth counter, so a long chain is never mistaken for one.

use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// Why a reference does not lead to a node.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    #[error("only references inside this document (`#/...`) are supported{}", via(.reference, .start))]
    External { reference: String, start: String },
    #[error("nothing is there{}", via(.reference, .start))]
    Missing { reference: String, start: String },
    #[error("the references form a cycle through `{reference}`")]
    Cycle { reference: String },
}

/// ", reached through ..." when the failing reference is not the one written at the place.
fn via(reference: &str, start: &str) -> String {
    if reference == start { String::new() } else { format!(" (`{reference}`, reached through a chain of references)") }
}

/// Memoised ends of reference chains for one document. Interior mutability, so that the
/// stages holding a shared `&Document` can resolve; a `Mutex` so the document stays `Sync`.
#[derive(Debug, Default)]
pub struct Resolver {
    /// Reference to the reference its chain ends at (whose target has no `$ref`), or why not.
    ends: Mutex<HashMap<String, Result<String, RefError>>>,
    /// Pointer look-ups done, so that tests can show resolution is linear.
    lookups: Mutex<usize>,
}

impl Resolver {
    pub fn new() -> Self {
        Self::default()
    }

    /// Follows `reference` (and the `$ref` of every node it leads to) in `document`: the
    /// reference the chain ends at, and its node.
    pub fn follow<'v>(&self, document: &'v Value, reference: &str) -> Result<(String, &'v Value), RefError> {
        let end = self.end(document, reference)?;
        // The end was found in this document when memoised; a resolver is kept per document.
        match end.strip_prefix('#').and_then(|f| document.pointer(f)) {
            Some(node) => Ok((end, node)),
            None => Err(RefError::Missing { reference: end, start: reference.to_owned() }),
        }
    }

    /// How many pointer look-ups this resolver has done.
    pub fn lookups(&self) -> usize {
        *self.lookups.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn end(&self, document: &Value, reference: &str) -> Result<String, RefError> {
        let mut ends = self.ends.lock().unwrap_or_else(|e| e.into_inner());
        let mut chain: Vec<String> = Vec::new();
        let mut on_chain: HashSet<String> = HashSet::new();
        let mut current = reference.to_owned();
        let result = loop {
            if let Some(known) = ends.get(&current) {
                break known.clone();
            }
            if !on_chain.insert(current.clone()) {
                break Err(RefError::Cycle { reference: current.clone() });
            }
            chain.push(current.clone());
            let node = match self.lookup(document, &current, reference) {
                Ok(node) => node,
                Err(e) => break Err(e),
            };
            match node.get("$ref").and_then(Value::as_str) {
                Some(next) => current = next.to_owned(),
                None => break Ok(current.clone()),
            }
        };
        // Every reference on the chain ends where this one does. A memoised failure keeps
        // the place it was first met (`start`), which names the chain that failed.
        for link in chain {
            ends.insert(link, result.clone());
        }
        result
    }

    /// The links of the chain that starts at `reference`, in order, each with the node it
    /// names; the last link's node has no `$ref`. For a caller that stops at the first link it
    /// knows (the type builder stops at a schema it has typed already, whose type every link
    /// before it shares), so the chain is not memoised here.
    pub fn links<'r, 'v>(&'r self, document: &'v Value, reference: &str) -> Links<'r, 'v> {
        Links {
            resolver: self,
            document,
            start: reference.to_owned(),
            next: Some(reference.to_owned()),
            seen: HashSet::new(),
        }
    }

    /// The node one reference names, without following the `$ref` it may hold.
    fn lookup<'v>(&self, document: &'v Value, reference: &str, start: &str) -> Result<&'v Value, RefError> {
        let Some(fragment) = reference.strip_prefix('#') else {
            return Err(RefError::External { reference: reference.to_owned(), start: start.to_owned() });
        };
        *self.lookups.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        document
            .pointer(fragment)
            .ok_or_else(|| RefError::Missing { reference: reference.to_owned(), start: start.to_owned() })
    }
}

/// The links of a reference chain ([`Resolver::links`]): each reference with its node, or, at
/// a cycle or a link that leads nowhere, the error, after which the chain ends.
pub struct Links<'r, 'v> {
    resolver: &'r Resolver,
    document: &'v Value,
    start: String,
    next: Option<String>,
    seen: HashSet<String>,
}

impl<'v> Iterator for Links<'_, 'v> {
    type Item = Result<(String, &'v Value), RefError>;

    fn next(&mut self) -> Option<Self::Item> {
        let current = self.next.take()?;
        if !self.seen.insert(current.clone()) {
            return Some(Err(RefError::Cycle { reference: current }));
        }
        let node = match self.resolver.lookup(self.document, &current, &self.start) {
            Ok(node) => node,
            Err(e) => return Some(Err(e)),
        };
        self.next = node.get("$ref").and_then(Value::as_str).map(str::to_owned);
        Some(Ok((current, node)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(n: usize) -> Value {
        let mut schemas = serde_json::Map::new();
        for i in 1..n {
            schemas.insert(format!("A{i}"), json!({"$ref": format!("#/components/schemas/A{}", i + 1)}));
        }
        schemas.insert(format!("A{n}"), json!({"type": "object"}));
        json!({"components": {"schemas": schemas}})
    }

    #[test]
    fn resolving_every_link_of_a_chain_is_linear() {
        for n in [1_000, 8_000] {
            let doc = chain(n);
            let resolver = Resolver::new();
            for i in 1..=n {
                let (end, node) = resolver.follow(&doc, &format!("#/components/schemas/A{i}")).unwrap();
                assert_eq!(end, format!("#/components/schemas/A{n}"));
                assert_eq!(node, &json!({"type": "object"}));
            }
            // One look-up per link: not n per link (quadratic) nor a depth limit.
            assert_eq!(resolver.lookups(), n);
        }
    }

    #[test]
    fn a_chain_that_ends_in_a_cycle_names_the_reference_closing_it() {
        let doc = json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"$ref": "#/b"}});
        let resolver = Resolver::new();
        assert_eq!(resolver.follow(&doc, "#/a").unwrap_err(), RefError::Cycle { reference: "#/b".into() });
        // Memoised for every link, and still the same answer.
        assert_eq!(resolver.follow(&doc, "#/c").unwrap_err(), RefError::Cycle { reference: "#/b".into() });
        let lookups = resolver.lookups();
        resolver.follow(&doc, "#/b").unwrap_err();
        assert_eq!(resolver.lookups(), lookups);
    }

    #[test]
    fn links_walk_a_chain_in_order_and_end_at_a_cycle_or_a_missing_link() {
        let doc = json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"type": "string"}, "x": {"$ref": "#/y"}, "y": {"$ref": "#/x"}, "m": {"$ref": "#/nowhere"}});
        let resolver = Resolver::new();
        let links: Vec<_> = resolver.links(&doc, "#/a").map(|l| l.map(|(r, _)| r)).collect();
        assert_eq!(links, [Ok("#/a".to_owned()), Ok("#/b".to_owned()), Ok("#/c".to_owned())]);
        let last = resolver.links(&doc, "#/a").last().unwrap().unwrap();
        assert_eq!(last.1, &json!({"type": "string"}));
        let cycle: Vec<_> = resolver.links(&doc, "#/x").collect();
        assert_eq!(cycle.len(), 3);
        assert_eq!(cycle[2], Err(RefError::Cycle { reference: "#/x".into() }));
        let missing: Vec<_> = resolver.links(&doc, "#/m").collect();
        assert_eq!(missing[1], Err(RefError::Missing { reference: "#/nowhere".into(), start: "#/m".into() }));
        assert_eq!(missing.len(), 2);
    }

    #[test]
    fn missing_and_external_ends_name_the_failing_link() {
        let doc = json!({"a": {"$ref": "#/b"}, "b": {"$ref": "other.yaml#/c"}, "d": {"$ref": "#/nowhere"}});
        let resolver = Resolver::new();
        let e = resolver.follow(&doc, "#/a").unwrap_err().to_string();
        assert!(e.starts_with("only references inside this document") && e.contains("`other.yaml#/c`"), "{e}");
        assert_eq!(
            resolver.follow(&doc, "#/d").unwrap_err().to_string(),
            "nothing is there (`#/nowhere`, reached through a chain of references)"
        );
        assert_eq!(resolver.follow(&doc, "#/zz").unwrap_err().to_string(), "nothing is there");
    }
}
