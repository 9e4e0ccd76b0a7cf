//! Embeds every `examples/*.json` as a preset: writes an `include_str!` table into `OUT_DIR`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let examples = manifest.join("../../examples");
    println!("cargo:rerun-if-changed=../../examples");

    let mut files: Vec<PathBuf> = match std::fs::read_dir(&examples) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();

    let mut table = String::from("/// `(id, text)` of every `examples/*.json`, sorted by file name.\n");
    table.push_str("pub static PRESETS: &[(&str, &str)] = &[\n");
    for path in &files {
        let id = path.file_stem().and_then(|s| s.to_str()).expect("example file names are UTF-8");
        let abs = canonical(path);
        writeln!(table, "    ({id:?}, include_str!({abs:?})),").expect("writing to a String");
    }
    table.push_str("];\n");

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("presets.rs");
    std::fs::write(&out, table).expect("OUT_DIR is writable");
}

fn canonical(path: &Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    abs.to_str().expect("example paths are UTF-8").to_owned()
}
