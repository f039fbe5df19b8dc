//! Times the generator on a chain of `$ref` aliases `A1 -> A2 -> ... -> An -> object`, for
//! each length given: `cargo run --release -p openapi-rust-gen --example ref_chain 1000 2000`.

fn main() {
    for n in std::env::args().skip(1).map(|a| a.parse::<usize>().expect("a chain length")) {
        let text = chain_spec(n);
        let options = generator::Options::new("chain-client", "chain.yaml", "test");
        let start = std::time::Instant::now();
        let result = generator::generate(&text, &options);
        println!("{n}\t{:?}\t{}", start.elapsed(), result.err().map(|e| e.to_string()).unwrap_or_else(|| "ok".into()));
    }
}

/// One operation whose body is `A1`, each `Ai` a `$ref` to the next, the last an object.
fn chain_spec(n: usize) -> String {
    let mut s = String::from(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A1'}\ncomponents:\n  schemas:\n",
    );
    for i in 1..n {
        s.push_str(&format!("    A{i}: {{$ref: '#/components/schemas/A{}'}}\n", i + 1));
    }
    s.push_str(&format!("    A{n}: {{type: object, properties: {{x: {{type: string}}}}}}\n"));
    s
}
