#![no_main]
//! Arbitrary bytes as a `--kb` directory tree: each byte pair makes a directory, a YAML file,
//! a symlink to an earlier entry (loops included) or a FIFO. Reading the tree as a layer
//! ends, within its bounds, with sources or a problem; it never hangs or panics.

use std::path::PathBuf;

use kratom_check::kb::read_sources;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let root = std::env::temp_dir().join(format!("kratom-check-fuzz-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let mut entries: Vec<PathBuf> = vec![root.clone()];
    for (i, pair) in data.chunks(2).take(64).enumerate() {
        let (kind, at) = (pair[0] % 4, usize::from(*pair.get(1).unwrap_or(&0)));
        let parent = entries[at % entries.len()].clone();
        let parent = if parent.is_dir() { parent } else { root.clone() };
        let path = parent.join(format!("e{i}.yaml"));
        let made = match kind {
            0 => std::fs::create_dir(&path),
            1 => std::fs::write(&path, "substances: []\n"),
            2 => std::os::unix::fs::symlink(&entries[at % entries.len()], &path),
            _ => std::process::Command::new("mkfifo").arg(&path).status().map(|_| ()),
        };
        if made.is_ok() {
            entries.push(path);
        }
    }
    let _ = read_sources(&root);
    let _ = std::fs::remove_dir_all(&root);
});
