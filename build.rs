//! Compiles the knowledge base under `data/` at build time.
//!
//! Every YAML file is checked by the same loader `kratom-check kb validate` runs (an invalid
//! base fails the build with file, line and column), and the compiled, indexed base is written
//! as a blob of postcard-encoded tables that a run reads in place, decoding only the entries it
//! looks at, instead of parsing YAML. The YAML
//! texts are embedded too, for `kb validate` and for stacking `--kb` layers on the base.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

// The library's own loader: a change to it rebuilds this script, so a loader that would refuse
// the base fails the build.
use kratom_kb as kb;

fn main() {
    // Read at run time, not baked in: a build directory copied to another checkout then reads
    // that checkout's data.
    let manifest_dir =
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let data = Path::new(&manifest_dir).join("data");
    println!("cargo:rerun-if-changed={}", data.display());
    let mut files = Vec::new();
    collect(&data, &mut files);
    files.sort();

    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    let mut sources = Vec::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file.strip_prefix(&data).expect("file is under data/");
        let relative = relative.to_string_lossy().replace('\\', "/");
        writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("writing to a String cannot fail");
        let text = std::fs::read_to_string(file).expect("data files are readable UTF-8");
        sources.push(kb::Source {
            path: format!("data/{relative}"),
            text: text.into(),
            layer: kb::BUILT_IN_LAYER.to_string(),
        });
    }
    code.push_str("];\n");

    let compiled = match kb::compile(&sources) {
        Ok(compiled) => compiled,
        Err(error) => {
            eprintln!("{error}");
            panic!(
                "the knowledge base in data/ is invalid ({} problems above)",
                error.problems.len()
            );
        }
    };
    writeln!(code, "pub static VERSION: &str = {:?};", compiled.version)
        .expect("writing to a String cannot fail");
    let blob = kb::blob::encode(&compiled).expect("the compiled base serialises");
    // A run decodes entries only as it reads them, so check every one here, where a failure
    // stops the build rather than a check.
    let decoded = kb::blob::decode(blob.clone().leak()).expect("the blob decodes");
    // Lookups read names' keys and references' ids where they lie (`Entries::key_at`): before
    // anything is decoded, each must be the key the entry was compiled with.
    for i in 0..compiled.names.len() {
        assert_eq!(decoded.names.key_at(i), compiled.names.key_at(i));
    }
    for i in 0..compiled.references.len() {
        assert_eq!(decoded.references.key_at(i), compiled.references.key_at(i));
    }
    assert_eq!(
        format!("{decoded:?}"),
        format!("{compiled:?}"),
        "the blob decodes to what was compiled"
    );

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("embedded_kb.rs"), code).expect("OUT_DIR is writable");
    std::fs::write(out.join("kb.blob"), blob).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("data/ is readable");
    for entry in entries {
        let path = entry.expect("data/ entries are readable").path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "yaml") {
            files.push(path);
        }
    }
}
