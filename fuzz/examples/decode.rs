//! Prints the document and overlays a `structured` fuzz input stands for, into a folder:
//! `cargo run --example decode -- ARTIFACT OUT_DIR` writes OUT_DIR/spec.{json,yaml} and
//! OUT_DIR/overlay-N.yaml, so that a crash can be replayed with `cargo xtask generate` and
//! minimised by hand.

use arbitrary::{Arbitrary, Unstructured};
use openapi_rust_gen_fuzz::{Input, Syntax};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(artifact), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: decode ARTIFACT OUT_DIR");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&artifact).expect("the artifact reads");
    let input =
        Input::arbitrary_take_rest(Unstructured::new(&bytes)).expect("the artifact decodes");
    let out = std::path::Path::new(&out);
    std::fs::create_dir_all(out).expect("the output folder");
    let ext = if matches!(input.document.syntax, Syntax::Yaml) {
        "yaml"
    } else {
        "json"
    };
    std::fs::write(out.join(format!("spec.{ext}")), input.document.text())
        .expect("the spec writes");
    for (i, o) in input.overlays.iter().enumerate() {
        std::fs::write(out.join(format!("overlay-{i}.yaml")), o.text())
            .expect("the overlay writes");
    }
    println!(
        "{}: spec.{ext} and {} overlay(s)",
        out.display(),
        input.overlays.len()
    );
}
