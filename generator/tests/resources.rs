//! Bounded resources: documents built to exhaust memory or time are refused quickly, with a
//! message naming the limit and the place, while running under a memory cap.
//!
//! Each capped test runs its generation in a child process (this test binary again, with
//! the test's name in `RESOURCES_CHILD`) under `prlimit --as`, so that a regression shows as
//! a failed allocation in the child instead of swapping the machine.

use std::fmt::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
/// Address space for the child: the test harness, the generator's 256 MiB stack and the
/// bounded expansion fit in it many times over; 2.9 GB of aliases do not.
const CAP_BYTES: u64 = 1536 << 20;
/// A child still running after this long has lost its bound; it is killed so that the test
/// fails instead of hanging. Not a speed assertion: the bounded cases take well under 1 s.
const GIVE_UP: Duration = Duration::from_secs(300);

/// Runs `generator::generate` on `text()` in a capped child and returns what it printed:
/// `ERROR: message` or `GENERATED`. In the child itself, prints that and returns `None`.
fn capped(test: &str, text: impl Fn() -> String) -> Option<String> {
    if std::env::var("RESOURCES_CHILD").as_deref() == Ok(test) {
        let options = generator::Options::new("bounded-client", "bounded.yaml", "test");
        match generator::generate(&text(), &options) {
            Ok(_) => println!("GENERATED"),
            Err(e) => println!("ERROR: {e}"),
        }
        return None;
    }
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new("prlimit")
        // prlimit takes bytes; it misreads suffixes such as `1536M`.
        .arg(format!("--as={CAP_BYTES}"))
        .arg("--")
        .arg(exe)
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env("RESOURCES_CHILD", test)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit (util-linux) runs the capped child");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > GIVE_UP {
            child.kill().unwrap();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the capped child failed ({}):\n{stdout}\n{stderr}", output.status);
    // The harness prints `test NAME ... ` before the child's own line.
    let result = ["ERROR: ", "GENERATED"].iter().find_map(|m| stdout.find(m)).map(|at| &stdout[at..]);
    let result = result.unwrap_or_else(|| panic!("no result from the child:\n{stdout}\n{stderr}"));
    Some(result.lines().next().unwrap_or_default().to_owned())
}

/// `count` keys `k0: v0`... as a flow mapping anchored `&name`.
fn big_anchor(name: &str, count: usize) -> String {
    let mut s = format!("&{name} {{");
    for i in 0..count {
        write!(s, "k{i}: v{i}, ").unwrap();
    }
    s.push('}');
    s
}

#[test]
fn many_aliases_of_a_large_anchor_are_refused_under_a_memory_cap() {
    // The document: a 20,000-key anchor aliased 300 times (282 KB, 2.9 GB expanded).
    let Some(result) = capped("many_aliases_of_a_large_anchor_are_refused_under_a_memory_cap", || {
        let mut s = format!("{HEAD}x-big: {}\nx-copies:\n", big_anchor("big", 20_000));
        for _ in 0..300 {
            s.push_str("  - *big\n");
        }
        s
    }) else {
        return;
    };
    // The first alias that crosses the limit is named by its line (1-3: head, 4: anchor).
    assert!(result.starts_with("ERROR: line "), "{result}");
    assert!(result.contains("column 5: the alias `*big` expands the YAML document to more than"), "{result}");
    assert!(result.contains("10 times its size"), "{result}");
}

#[test]
fn many_merge_keys_of_a_large_anchor_are_refused_under_a_memory_cap() {
    let Some(result) = capped("many_merge_keys_of_a_large_anchor_are_refused_under_a_memory_cap", || {
        let mut s = format!("{HEAD}x-big: {}\nx-merged:\n", big_anchor("big", 20_000));
        for i in 0..3_000 {
            writeln!(s, "  m{i}: {{<<: *big, own: {i}}}").unwrap();
        }
        s
    }) else {
        return;
    };
    assert!(result.starts_with("ERROR: line "), "{result}");
    assert!(result.contains("the alias `*big` expands the YAML document"), "{result}");
}

#[test]
fn billion_laughs_is_refused_at_its_first_runaway_alias() {
    let Some(result) = capped("billion_laughs_is_refused_at_its_first_runaway_alias", || {
        let mut s = format!("{HEAD}x-lol:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let p = i - 1;
            writeln!(s, "  a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]")
                .unwrap();
        }
        s
    }) else {
        return;
    };
    // Before the bound, serde_yaml's own repetition limit refused it, but "somewhere".
    assert!(!result.contains("somewhere"), "{result}");
    assert!(result.starts_with("ERROR: line "), "{result}");
    assert!(result.contains("alias `*a"), "{result}");
}

#[test]
fn an_aliased_giant_string_is_refused_under_a_memory_cap() {
    let Some(result) = capped("an_aliased_giant_string_is_refused_under_a_memory_cap", || {
        let mut s = format!("{HEAD}x-text: &text \"{}\"\nx-copies:\n", "x".repeat(1 << 20));
        for _ in 0..2_000 {
            s.push_str("  - *text\n");
        }
        s
    }) else {
        return;
    };
    assert!(result.contains("the alias `*text` expands the YAML document"), "{result}");
}

#[test]
fn merge_keys_within_merge_keys_are_measured_through_every_level() {
    // Each level merges the previous one twice over: sizes double per level, so 40 levels
    // written in 2 KB would be a terabyte once expanded.
    let Some(result) = capped("merge_keys_within_merge_keys_are_measured_through_every_level", || {
        let mut s = format!("{HEAD}x-levels:\n  l0: &l0 {{a: 1}}\n");
        for i in 1..40 {
            let p = i - 1;
            writeln!(s, "  l{i}: &l{i} {{<<: [*l{p}], x{i}: [*l{p}, *l{p}]}}").unwrap();
        }
        s
    }) else {
        return;
    };
    assert!(result.contains("expands the YAML document"), "{result}");
}

#[test]
fn a_spec_that_repeats_a_few_fragments_still_generates() {
    // A realistic use of anchors: one error response reused by 200 operations.
    let Some(result) = capped("a_spec_that_repeats_a_few_fragments_still_generates", || {
        let mut s = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-error: &error\n  description: failed\n  content:\n    application/json:\n      schema: {type: object, properties: {message: {type: string}, code: {type: integer}}}\npaths:\n",
        );
        for i in 0..200 {
            writeln!(s, "  /r{i}:\n    get:\n      operationId: get{i}\n      responses:\n        '200': {{description: ok}}\n        '500': *error").unwrap();
        }
        s
    }) else {
        return;
    };
    assert_eq!(result, "GENERATED");
}

fn generate(text: &str) -> Result<generator::Output, String> {
    let options = generator::Options::new("chain-client", "chain.yaml", "test");
    generator::generate(text, &options).map_err(|e| e.to_string())
}

/// `count` components of kind `kind` (`parameters`...), `{prefix}1 -> {prefix}2 -> ...`, the
/// last being `last`.
fn ref_chain(kind: &str, prefix: &str, count: usize, last: &str) -> String {
    let mut s = String::new();
    writeln!(s, "  {kind}:").unwrap();
    for i in 1..count {
        writeln!(s, "    {prefix}{i}: {{$ref: '#/components/{kind}/{prefix}{}'}}", i + 1).unwrap();
    }
    writeln!(s, "    {prefix}{count}: {last}").unwrap();
    s
}

#[test]
fn long_reference_chains_resolve_everywhere_refs_are_allowed() {
    // Longer than the old limits (64 for schemas in `allOf`, 32 for the rest), which
    // reported such chains as cycles.
    let n = 200;
    let mut s = String::from("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n");
    s.push_str("  /items/{id}:\n    $ref: '#/components/pathItems/I1'\n");
    s.push_str("components:\n");
    s.push_str(&ref_chain("schemas", "S", n, "{type: object, properties: {name: {type: string}}}"));
    s.push_str("    Merged: {allOf: [{$ref: '#/components/schemas/S1'}, {type: object, properties: {extra: {type: integer}}}]}\n");
    s.push_str(&ref_chain("parameters", "P", n, "{name: id, in: path, required: true, schema: {type: string}}"));
    s.push_str(&ref_chain(
        "requestBodies",
        "B",
        n,
        "{content: {application/json: {schema: {$ref: '#/components/schemas/Merged'}}}}",
    ));
    s.push_str(&ref_chain(
        "responses",
        "R",
        n,
        "{description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/S1'}}}}",
    ));
    s.push_str(&ref_chain(
        "pathItems",
        "I",
        n,
        "{put: {operationId: putItem, parameters: [{$ref: '#/components/parameters/P1'}], requestBody: {$ref: '#/components/requestBodies/B1'}, responses: {'200': {$ref: '#/components/responses/R1'}}}}",
    ));
    let output = generate(&s).unwrap_or_else(|e| panic!("{e}"));
    let models = output.files.iter().find(|f| f.path == "src/models.rs").unwrap();
    // The allOf merged the end of the chain's properties with its own.
    assert!(
        models.contents.contains("pub struct Merged") && models.contents.contains("pub name:"),
        "{}",
        models.contents
    );
    let api = output
        .files
        .iter()
        .find(|f| f.path.starts_with("src/apis/") && f.contents.contains("pub async fn put_item"))
        .unwrap();
    assert!(api.contents.contains("id: &str") || api.contents.contains("id: "), "{}", api.contents);
}

#[test]
fn a_chain_of_references_ending_in_a_cycle_is_an_error_naming_it() {
    let mut s = String::from(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/P1'}]\n      responses: {'200': {description: ok}}\ncomponents:\n",
    );
    s.push_str(&ref_chain("parameters", "P", 50, "{$ref: '#/components/parameters/P40'}"));
    // Confined to one operation: that operation is left out, naming the parameter.
    let output = generate(&s).unwrap();
    let e = output.warnings.iter().find(|w| w.pointer == "#/paths/~1a/get").expect("a warning").to_string();
    assert!(e.contains("#/paths/~1a/get/parameters/0"), "{e}");
    assert!(e.contains("the references form a cycle through `#/components/parameters/P40`"), "{e}");
    assert_eq!(output.stats.operations, 0);
    let mut s = String::from("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n");
    s.push_str(&ref_chain("schemas", "S", 300, "{$ref: '#/components/schemas/S200'}"));
    let e = generate(&s).unwrap_err();
    assert!(e.contains("#/components/schemas/S1: this schema is only a reference to itself"), "{e}");
    assert!(e.contains("closed by `#/components/schemas/S200`"), "{e}");
}

#[test]
fn resolving_a_chain_through_the_document_looks_each_link_up_once() {
    // The model stage resolves every parameter reference of 500 operations through one
    // chain of 2,000: memoised, that is one look-up per link, not one per link per use.
    let n = 2_000;
    let mut s = String::from("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n");
    for i in 0..500 {
        writeln!(s, "  /r{i}:\n    get:\n      operationId: get{i}\n      parameters: [{{$ref: '#/components/parameters/P1'}}]\n      responses: {{'200': {{description: ok}}}}").unwrap();
    }
    s.push_str("components:\n");
    s.push_str(&ref_chain("parameters", "P", n, "{name: q, in: query, schema: {type: string}}"));
    let doc = generator::load::load(&s).unwrap();
    let model = generator::model::build(&doc);
    assert!(model.is_ok(), "{:?}", model.err());
    assert_eq!(doc.refs.lookups(), n);
}

#[test]
fn chains_of_references_into_schemas_resolve_without_a_depth_limit() {
    // `#/.../properties/p1` -> `p2` -> ... -> `p300`, a string: each hop used to be a level
    // of recursion, refused past 64 levels as "nesting".
    let n = 300;
    let mut s = String::from(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Holder:\n      type: object\n      properties:\n",
    );
    for i in 1..n {
        writeln!(s, "        p{i}: {{$ref: '#/components/schemas/Holder/properties/p{}'}}", i + 1).unwrap();
    }
    writeln!(s, "        p{n}: {{type: string}}").unwrap();
    s.push_str("    User: {type: object, properties: {name: {$ref: '#/components/schemas/Holder/properties/p1'}}}\n");
    let output = generate(&s).unwrap_or_else(|e| panic!("{e}"));
    let models = output.files.iter().find(|f| f.path == "src/models.rs").unwrap();
    assert!(models.contents.contains("pub name: Option<String>"), "{}", models.contents);
    // A cycle of such references is an error that names a link of the cycle.
    let cycle = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    H: {type: object, properties: {a: {$ref: '#/components/schemas/H/properties/b'}, b: {$ref: '#/components/schemas/H/properties/a'}}}\n";
    let e = generate(cycle).unwrap_err();
    assert!(e.contains("the references form a cycle through `#/components/schemas/H/properties/"), "{e}");
}
