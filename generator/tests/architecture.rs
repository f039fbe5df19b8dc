//! The generator's modules depend in one direction only, in the layers ARCHITECTURE.md
//! documents ("Module layers"): a stage imports only the stages before it and the shared
//! modules, shared modules import no stage, nothing forms a cycle, and the submodules of each
//! stage do not form a cycle either.
//!
//! The check reads the crate as the compiler does, from `src/lib.rs` through every `mod x;`,
//! parses each file with `syn` and collects every path into the crate: `use` trees (groups
//! included), paths in expressions, types and patterns, and `crate::`/`super::`/`self::`
//! paths in the tokens of macro calls and attributes (`format!(.., crate::X)`,
//! `#[error(.., crate::X)]`). The bodies of `quote!` are the generated crate's code, not the
//! generator's, and are skipped; so are `#[cfg(test)]` items, which are not part of the
//! library (a unit test may drive the whole pipeline). Doc links are not dependencies.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// A module as its path from the crate root: `["emit", "apis"]`; the root is `[]`.
type ModPath = Vec<String>;

/// A file of the crate: the module it is, its location (for messages) and its text.
struct Source {
    module: ModPath,
    file: String,
    text: String,
}

/// A path into the crate, found in `file` while inside module `from`, resolved to the
/// segments after `crate::`.
struct Reference {
    from: ModPath,
    to: Vec<String>,
    file: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The crate's files, from `lib.rs` through every `mod x;` (not `#[cfg(test)]` ones).
fn crate_sources() -> Vec<Source> {
    let mut out = Vec::new();
    read_module(Vec::new(), &src_dir().join("lib.rs"), &mut out);
    out
}

fn read_module(module: ModPath, file: &Path, out: &mut Vec<Source>) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let parent = file.parent().expect("a file in src/");
    // Children of lib.rs and mod.rs sit beside them; those of `x.rs` in `x/`.
    let dir = if matches!(stem, "lib" | "mod") { parent.to_owned() } else { parent.join(stem) };
    let shown = file.strip_prefix(src_dir().parent().expect("src has a parent")).unwrap_or(file);
    out.push(Source { module: module.clone(), file: shown.display().to_string(), text });
    for item in &parsed.items {
        let syn::Item::Mod(m) = item else { continue };
        if m.content.is_some() || is_test_only(&m.attrs) {
            continue;
        }
        assert!(
            !m.attrs.iter().any(|a| a.path().is_ident("path")),
            "{}: `#[path]` on `mod {}`: teach this test where to find it",
            file.display(),
            m.ident
        );
        let name = m.ident.to_string();
        let child = [dir.join(format!("{name}.rs")), dir.join(&name).join("mod.rs")]
            .into_iter()
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("{}: no file for `mod {name}`", file.display()));
        let mut path = module.clone();
        path.push(name);
        read_module(path, &child, out);
    }
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && matches!(&a.meta, syn::Meta::List(list)
                if list.tokens.clone().into_iter().any(|t| matches!(t, proc_macro2::TokenTree::Ident(i) if i == "test")))
    })
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    use syn::Item;
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// Collects the references of one file.
struct Collector<'a> {
    /// The module being read (the file's, then inline modules inside it).
    module: ModPath,
    /// Every module of the crate that has a file, to resolve paths that start with a child
    /// module's name (`rust::Features` in `emit/mod.rs`).
    modules: &'a BTreeSet<ModPath>,
    file: &'a str,
    found: Vec<Reference>,
}

impl Collector<'_> {
    /// Resolves a path written in the current module to the segments after `crate::`, or
    /// `None` for paths out of the crate (`std::`, `syn::`) and names brought in by a `use`
    /// (whose own path was collected where it was written).
    fn resolve(&self, segments: &[String]) -> Option<Vec<String>> {
        let (first, tail) = segments.split_first()?;
        let (mut base, mut rest) = match first.as_str() {
            "crate" => (Vec::new(), tail),
            "self" => (self.module.clone(), tail),
            "super" => (self.module[..self.module.len().saturating_sub(1)].to_vec(), tail),
            name => {
                let mut child = self.module.clone();
                child.push(name.to_owned());
                if !self.modules.contains(&child) {
                    return None;
                }
                (self.module.clone(), segments)
            }
        };
        while let Some((head, tail)) = rest.split_first()
            && head == "super"
        {
            base.pop();
            rest = tail;
        }
        let rest: Vec<String> = rest.iter().filter(|s| *s != "self").cloned().collect();
        if rest.is_empty() && base == self.module {
            // `self` alone (a method receiver) or `use self::{self}`: not a reference.
            return None;
        }
        base.extend(rest);
        Some(base)
    }

    fn record(&mut self, segments: &[String]) {
        if let Some(to) = self.resolve(segments) {
            self.found.push(Reference { from: self.module.clone(), to, file: self.file.to_owned() });
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.leaf(prefix, n.ident.to_string()),
            syn::UseTree::Rename(r) => self.leaf(prefix, r.ident.to_string()),
            syn::UseTree::Glob(_) => self.leaf(prefix, "*".to_owned()),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn leaf(&mut self, prefix: &[String], last: String) {
        let mut segments = prefix.to_vec();
        segments.push(last);
        self.record(&segments);
    }

    /// `crate::a::b`, `super::a`, `self::a` sequences in tokens the parser does not read as
    /// code (macro arguments, attribute arguments).
    fn tokens(&mut self, tokens: proc_macro2::TokenStream) {
        use proc_macro2::TokenTree;
        let mut flat = Vec::new();
        flatten(tokens, &mut flat);
        let mut i = 0;
        while i < flat.len() {
            let TokenTree::Ident(start) = &flat[i] else {
                i += 1;
                continue;
            };
            if !matches!(start.to_string().as_str(), "crate" | "super" | "self") {
                i += 1;
                continue;
            }
            let mut segments = vec![start.to_string()];
            let mut j = i + 1;
            while let (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)), Some(TokenTree::Ident(next))) =
                (flat.get(j), flat.get(j + 1), flat.get(j + 2))
            {
                if a.as_char() != ':' || b.as_char() != ':' {
                    break;
                }
                segments.push(next.to_string());
                j += 3;
            }
            if segments.len() > 1 {
                self.record(&segments);
            }
            i = j;
        }
    }
}

fn flatten(tokens: proc_macro2::TokenStream, out: &mut Vec<proc_macro2::TokenTree>) {
    for tree in tokens {
        match tree {
            proc_macro2::TokenTree::Group(g) => flatten(g.stream(), out),
            other => out.push(other),
        }
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !is_test_only(item_attrs(item)) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if m.content.is_some() {
            self.module.push(m.ident.to_string());
            syn::visit::visit_item_mod(self, m);
            self.module.pop();
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.len() > 1 {
            self.record(&segments);
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let name = mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        // The generated crate's code: its `crate::` is the client, not the generator.
        if !matches!(name.as_str(), "quote" | "quote_spanned" | "parse_quote" | "parse_quote_spanned") {
            self.tokens(mac.tokens.clone());
        }
        syn::visit::visit_macro(self, mac);
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        if let syn::Meta::List(list) = &attr.meta {
            self.tokens(list.tokens.clone());
        }
        syn::visit::visit_attribute(self, attr);
    }
}

/// The crate's module graph, at two levels.
struct Graph {
    /// Top-level modules (files the root declares).
    top: BTreeSet<String>,
    /// Top-level module to top-level module, each edge with one place that makes it.
    edges: BTreeMap<(String, String), String>,
    /// For each top-level module with submodules: edges between its submodules (the
    /// module's own file, its `mod.rs`, composes them and is not part of this graph).
    inner: BTreeMap<String, BTreeMap<(String, String), String>>,
    /// `crate::X` paths that name no module and no re-export of the root.
    unresolved: Vec<String>,
    /// Items of `lib.rs` other than module declarations and re-exports.
    root_items: Vec<String>,
}

fn graph(sources: &[Source]) -> Graph {
    let modules: BTreeSet<ModPath> = sources.iter().map(|s| s.module.clone()).collect();
    let top: BTreeSet<String> = modules.iter().filter(|m| m.len() == 1).map(|m| m[0].clone()).collect();
    let mut references = Vec::new();
    let mut root_exports: BTreeMap<String, String> = BTreeMap::new();
    let mut root_items = Vec::new();
    for source in sources {
        let parsed = syn::parse_file(&source.text).unwrap_or_else(|e| panic!("{}: {e}", source.file));
        let mut collector =
            Collector { module: source.module.clone(), modules: &modules, file: &source.file, found: Vec::new() };
        collector.visit_file(&parsed);
        if source.module.is_empty() {
            // The root's `pub use x::Name` make `crate::Name` a path into `x`.
            for item in &parsed.items {
                match item {
                    syn::Item::Use(u) => {
                        let mut names = Vec::new();
                        use_leaves(&mut Vec::new(), &u.tree, &mut names);
                        for (name, path) in names {
                            root_exports.insert(name, path[0].clone());
                        }
                    }
                    syn::Item::Mod(_) => {}
                    other => root_items.push(describe(other)),
                }
            }
        } else {
            references.extend(collector.found);
        }
    }
    let mut g = Graph { top, edges: BTreeMap::new(), inner: BTreeMap::new(), unresolved: Vec::new(), root_items };
    for r in references {
        let shown = format!("{}: crate::{}", r.file, r.to.join("::"));
        let Some(first) = r.to.first() else { continue };
        let target = if g.top.contains(first) {
            first.clone()
        } else if let Some(module) = root_exports.get(first) {
            module.clone()
        } else {
            g.unresolved.push(shown);
            continue;
        };
        let from = &r.from[0];
        if *from != target {
            g.edges.entry((from.clone(), target.clone())).or_insert_with(|| shown.clone());
        }
        // Between two submodules of the same top-level module.
        if let (Some(a), Some(b)) = (r.from.get(1), r.to.get(1))
            && *from == target
            && a != b
            && modules.contains(&vec![target.clone(), b.clone()])
            && modules.contains(&vec![target.clone(), a.clone()])
        {
            g.inner.entry(target).or_default().entry((a.clone(), b.clone())).or_insert(shown);
        }
    }
    g
}

/// An item as a reader would name it: `fn run`, `struct Output`.
fn describe(item: &syn::Item) -> String {
    use syn::Item;
    match item {
        Item::Fn(i) => format!("fn {}", i.sig.ident),
        Item::Struct(i) => format!("struct {}", i.ident),
        Item::Enum(i) => format!("enum {}", i.ident),
        Item::Const(i) => format!("const {}", i.ident),
        Item::Static(i) => format!("static {}", i.ident),
        Item::Type(i) => format!("type {}", i.ident),
        Item::Trait(i) => format!("trait {}", i.ident),
        Item::Impl(i) => format!("impl {}", quote::ToTokens::to_token_stream(&i.self_ty)),
        Item::Macro(i) => format!("{}!", quote::ToTokens::to_token_stream(&i.mac.path)),
        other => quote::ToTokens::to_token_stream(other).to_string().chars().take(60).collect(),
    }
}

fn use_leaves(prefix: &mut Vec<String>, tree: &syn::UseTree, out: &mut Vec<(String, Vec<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_leaves(prefix, &p.tree, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => out.push((n.ident.to_string(), prefix.clone())),
        syn::UseTree::Rename(r) => out.push((r.rename.to_string(), prefix.clone())),
        syn::UseTree::Glob(_) => {}
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_leaves(prefix, t, out)),
    }
}

/// The layers of ARCHITECTURE.md: shared modules, and the stages in pipeline order.
struct Layers {
    shared: Vec<String>,
    stages: Vec<String>,
}

fn documented_layers(doc: &str) -> Layers {
    let line = |key: &str| -> Vec<String> {
        let line = doc
            .lines()
            .find_map(|l| l.trim().strip_prefix(key))
            .unwrap_or_else(|| panic!("ARCHITECTURE.md has no `{key}` line in \"Module layers\""));
        line.split(|c: char| c.is_whitespace() || c == '<').filter(|w| !w.is_empty()).map(str::to_owned).collect()
    };
    Layers { shared: line("shared:"), stages: line("stages:") }
}

/// Everything wrong with the graph, one line each.
fn violations(g: &Graph, layers: &Layers) -> Vec<String> {
    let mut out = Vec::new();
    for name in &g.top {
        let listed = layers.shared.iter().chain(&layers.stages).filter(|l| *l == name).count();
        if listed != 1 {
            out.push(format!(
                "module `{name}` is listed {listed} times in ARCHITECTURE.md's module layers (must be once)"
            ));
        }
    }
    for name in layers.shared.iter().chain(&layers.stages) {
        if !g.top.contains(name) {
            out.push(format!("ARCHITECTURE.md's module layers name `{name}`, which is not a module of the crate"));
        }
    }
    let rank = |m: &str| layers.stages.iter().position(|s| s == m);
    for ((from, to), place) in &g.edges {
        match (rank(from), rank(to)) {
            (None, Some(_)) => out.push(format!("shared module `{from}` imports stage `{to}` ({place})")),
            (Some(a), Some(b)) if b >= a => {
                out.push(format!("stage `{from}` imports `{to}`, which comes after it ({place})"));
            }
            _ => {}
        }
    }
    if let Some(cycle) = find_cycle(&g.edges) {
        out.push(format!("import cycle among top-level modules: {cycle}"));
    }
    for (parent, edges) in &g.inner {
        if let Some(cycle) = find_cycle(edges) {
            out.push(format!("import cycle among the submodules of `{parent}`: {cycle}"));
        }
    }
    for place in &g.unresolved {
        out.push(format!("`{place}` names no module and no re-export of lib.rs"));
    }
    for item in &g.root_items {
        out.push(format!("lib.rs holds only module declarations and re-exports, not `{item}`"));
    }
    out
}

/// A cycle in a directed graph, as `a -> b -> a` with the place of each edge, if any.
fn find_cycle(edges: &BTreeMap<(String, String), String>) -> Option<String> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges.keys() {
        next.entry(a).or_default().push(b);
    }
    // Depth-first search; `path` is the stack of nodes being explored.
    fn visit<'a>(
        node: &'a str,
        next: &BTreeMap<&'a str, Vec<&'a str>>,
        done: &mut BTreeSet<&'a str>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<&'a str>> {
        if let Some(start) = path.iter().position(|n| *n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node);
            return Some(cycle);
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for n in next.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(n, next, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for start in next.keys() {
        if let Some(cycle) = visit(start, &next, &mut done, &mut Vec::new()) {
            let steps: Vec<String> = cycle
                .windows(2)
                .map(|w| format!("{} -> {} ({})", w[0], w[1], edges[&(w[0].to_owned(), w[1].to_owned())]))
                .collect();
            return Some(steps.join(", "));
        }
    }
    None
}

fn architecture_md() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ARCHITECTURE.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The real crate's violations after `edit` changed one of its files.
fn violations_with(file: &str, edit: impl Fn(&str) -> String) -> Vec<String> {
    let mut sources = crate_sources();
    let source = sources.iter_mut().find(|s| s.file == file).unwrap_or_else(|| panic!("no {file}"));
    source.text = edit(&source.text);
    violations(&graph(&sources), &documented_layers(&architecture_md()))
}

#[test]
fn modules_depend_in_one_direction_in_the_documented_layers() {
    let sources = crate_sources();
    let g = graph(&sources);
    // The reading found the stages and their edges (a reader that finds nothing passes too).
    for module in ["load", "model", "emit", "format", "write", "pipeline", "output", "options"] {
        assert!(g.top.contains(module), "module `{module}` not found: {:?}", g.top);
    }
    for (from, to) in [("model", "load"), ("emit", "model"), ("format", "output"), ("pipeline", "emit")] {
        assert!(
            g.edges.contains_key(&(from.to_owned(), to.to_owned())),
            "no edge {from} -> {to}: {:?}",
            g.edges.keys()
        );
    }
    assert!(g.inner.get("emit").is_some_and(|e| !e.is_empty()), "no edges between emit's submodules");
    let problems = violations(&g, &documented_layers(&architecture_md()));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_back_edge_in_a_use_group_fails() {
    // The cycle this test was written against: emitters used `format::template`.
    let problems = violations_with("src/emit/runtime.rs", |t| {
        format!("{t}\nuse crate::{{format::{{self}}, output::File as F}};\n")
    });
    assert!(problems.iter().any(|p| p.starts_with("stage `emit` imports `format`, which comes after")), "{problems:?}");
}

#[test]
fn a_back_edge_in_an_expression_a_type_or_through_a_root_re_export_fails() {
    let problems = violations_with("src/model/mod.rs", |t| format!("{t}\nfn f() {{ let _ = crate::generate; }}\n"));
    assert!(problems.iter().any(|p| p.starts_with("stage `model` imports `pipeline`")), "{problems:?}");
    let problems = violations_with("src/load/parse.rs", |t| format!("{t}\nstruct S(Option<crate::model::Api>);\n"));
    assert!(problems.iter().any(|p| p.starts_with("stage `load` imports `model`")), "{problems:?}");
}

#[test]
fn a_back_edge_in_macro_or_attribute_tokens_fails() {
    let problems = violations_with("src/error.rs", |t| {
        format!("{t}\nfn f() -> String {{ format!(\"{{}}\", crate::write::MANIFEST) }}\n")
    });
    assert!(problems.iter().any(|p| p.starts_with("shared module `error` imports stage `write`")), "{problems:?}");
    let problems = violations_with("src/warning.rs", |t| {
        format!("{t}\n#[doc(alias = \"x\")]\n#[deprecated(note = crate::emit::X)]\nstruct S;\n")
    });
    assert!(problems.iter().any(|p| p.starts_with("shared module `warning` imports stage `emit`")), "{problems:?}");
}

#[test]
fn a_cycle_between_shared_modules_fails() {
    let problems = violations_with("src/output.rs", |t| format!("{t}\nuse crate::options::Options as O;\n"));
    assert!(problems.iter().any(|p| p.starts_with("import cycle among top-level modules")), "{problems:?}");
}

#[test]
fn a_cycle_between_submodules_of_a_stage_fails() {
    // `emit::apis` uses `emit::rust`; the way back closes a cycle, through `super::`.
    let problems = violations_with("src/emit/rust.rs", |t| format!("{t}\nuse super::apis as _;\n"));
    assert!(problems.iter().any(|p| p.starts_with("import cycle among the submodules of `emit`")), "{problems:?}");
}

#[test]
fn generated_code_test_modules_and_doc_links_are_not_dependencies() {
    let problems = violations_with("src/load/mod.rs", |t| {
        format!(
            "{t}\n/// See [`crate::pipeline`].\nfn f() -> proc_macro2::TokenStream {{ quote::quote!(crate::emit::X) }}\n\
             #[cfg(test)]\nmod more_tests {{ use crate::pipeline::generate; }}\n"
        )
    });
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_module_missing_from_the_documented_layers_fails() {
    let mut layers = documented_layers(&architecture_md());
    layers.shared.retain(|m| m != "naming");
    let problems = violations(&graph(&crate_sources()), &layers);
    assert!(problems.iter().any(|p| p.starts_with("module `naming` is listed 0 times")), "{problems:?}");
}

#[test]
fn lib_rs_holds_only_declarations_and_re_exports() {
    let problems = violations_with("src/lib.rs", |t| format!("{t}\npub fn helper() {{}}\n"));
    assert!(
        problems.iter().any(|p| p == "lib.rs holds only module declarations and re-exports, not `fn helper`"),
        "{problems:?}"
    );
}
