//! Finding and reading a layer's files: a `--kb` path may name anything, so the walk is bounded
//! in depth, entries, files and bytes, follows each directory once (a symlink loop ends), reads
//! only regular files and never reads past the size limit (a FIFO, a device or a sparse file is
//! refused before it is opened).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::compile::MAX_FILE_BYTES;
use super::compiled::Source;
use super::diagnostics::{KbError, Problem};

/// Bounds on one layer's walk. A real layer is a file or a directory of a few dozen files;
/// these are far above that and far below what a mistaken `--kb /` would visit.
#[derive(Debug, Clone, Copy)]
struct WalkLimits {
    /// Directories below the layer's path.
    depth: usize,
    /// Directory entries looked at, YAML or not.
    entries: usize,
    /// YAML files read.
    files: usize,
    /// Bytes read over all of the layer's files.
    bytes: u64,
}

const WALK_LIMITS: WalkLimits = WalkLimits {
    depth: 16,
    entries: 10_000,
    files: 1_000,
    bytes: 64 * 1024 * 1024,
};

/// Reads a knowledge-base layer from a YAML file or from every `*.yaml` file below a
/// directory; the layer is named after `path`.
pub fn read_sources(path: &Path) -> Result<Vec<Source>, KbError> {
    read_sources_within(path, WALK_LIMITS)
}

/// [`read_sources`] with the bounds given, so tests can prove each bound with a few files.
fn read_sources_within(path: &Path, limits: WalkLimits) -> Result<Vec<Source>, KbError> {
    let mut walk = Walk {
        limits,
        visited_dirs: HashSet::new(),
        files: Vec::new(),
        entries: 0,
    };
    walk.visit(path, 0, true)?;
    if walk.files.is_empty() {
        return Err(refused(path, "no `.yaml` or `.yml` files found here"));
    }
    walk.files.sort();
    // The same file reached by two paths (a symlink) is read once.
    walk.files.dedup_by(|a, b| a.canonical == b.canonical);
    walk.files.sort_by(|a, b| a.path.cmp(&b.path));
    let layer = path.display().to_string();
    let mut total: u64 = 0;
    walk.files
        .iter()
        .map(|file| {
            total += file.size;
            if total > limits.bytes {
                return Err(refused(
                    path,
                    &format!("the layer's files hold over {} bytes", limits.bytes),
                ));
            }
            Ok(Source {
                path: file.path.display().to_string(),
                text: Cow::Owned(read_bounded(&file.path)?),
                layer: layer.clone(),
            })
        })
        .collect()
}

struct Walk {
    limits: WalkLimits,
    /// Canonical paths of the directories entered, so a symlink loop is entered once.
    visited_dirs: HashSet<PathBuf>,
    files: Vec<FoundFile>,
    entries: usize,
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct FoundFile {
    canonical: PathBuf,
    path: PathBuf,
    size: u64,
}

impl Walk {
    /// Visits `path`: a directory is walked, a regular file kept. Below the layer's own path
    /// only `.yaml` and `.yml` files are kept; the path itself may have any name.
    fn visit(&mut self, path: &Path, depth: usize, named: bool) -> Result<(), KbError> {
        let metadata = match fs::metadata(path) {
            Ok(metadata) => metadata,
            // A dangling link or an unreadable entry that is no YAML file is not the layer's.
            Err(_) if !named && !is_yaml(path) => return Ok(()),
            Err(e) => return Err(cannot_read(path, e)),
        };
        if metadata.is_dir() {
            return self.walk_dir(path, depth);
        }
        if !named && !is_yaml(path) {
            return Ok(());
        }
        if !metadata.is_file() {
            return Err(refused(path, "not a regular file, so it is not read"));
        }
        if metadata.len() > MAX_FILE_BYTES as u64 {
            return Err(too_large(path, metadata.len()));
        }
        if self.files.len() == self.limits.files {
            return Err(refused(
                path,
                &format!("a layer is read from at most {} files", self.limits.files),
            ));
        }
        self.files.push(FoundFile {
            canonical: fs::canonicalize(path).map_err(|e| cannot_read(path, e))?,
            path: path.to_path_buf(),
            size: metadata.len(),
        });
        Ok(())
    }

    fn walk_dir(&mut self, dir: &Path, depth: usize) -> Result<(), KbError> {
        let canonical = fs::canonicalize(dir).map_err(|e| cannot_read(dir, e))?;
        if !self.visited_dirs.insert(canonical) {
            return Ok(());
        }
        if depth > self.limits.depth {
            return Err(refused(
                dir,
                &format!(
                    "more than {} directories deep below the layer's path",
                    self.limits.depth
                ),
            ));
        }
        for entry in fs::read_dir(dir).map_err(|e| cannot_read(dir, e))? {
            self.entries += 1;
            if self.entries > self.limits.entries {
                return Err(refused(
                    dir,
                    &format!(
                        "the layer's directories hold over {} entries; a layer is a file or a small directory",
                        self.limits.entries
                    ),
                ));
            }
            let entry = entry.map_err(|e| cannot_read(dir, e))?;
            self.visit(&entry.path(), depth + 1, false)?;
        }
        Ok(())
    }
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml")
}

/// Reads a file known to be regular and small enough, stopping one byte past the limit in case
/// it grew since it was measured.
fn read_bounded(path: &Path) -> Result<String, KbError> {
    let file = File::open(path).map_err(|e| cannot_read(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(path, e))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|_| refused(path, "cannot read: not valid UTF-8 text"))
}

fn too_large(path: &Path, size: u64) -> KbError {
    refused(
        path,
        &format!("file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit"),
    )
}

fn cannot_read(path: &Path, error: std::io::Error) -> KbError {
    refused(path, &format!("cannot read: {error}"))
}

fn refused(path: &Path, message: &str) -> KbError {
    KbError::single(Problem::whole_file(
        path.display().to_string(),
        message.to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("kratom-check-walk-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn message(result: Result<Vec<Source>, KbError>) -> String {
        result.unwrap_err().to_string()
    }

    const SMALL: WalkLimits = WalkLimits {
        depth: 2,
        entries: 5,
        files: 3,
        bytes: 100,
    };

    #[test]
    fn each_bound_of_the_walk_is_enforced() {
        let deep = scratch("deep");
        let below = deep.join("a/b/c/d");
        fs::create_dir_all(&below).unwrap();
        fs::write(below.join("kb.yaml"), "").unwrap();
        assert!(message(read_sources_within(&deep, SMALL)).contains("directories deep"));

        let wide = scratch("wide");
        for i in 0..6 {
            fs::write(wide.join(format!("{i}.txt")), "").unwrap();
        }
        assert!(message(read_sources_within(&wide, SMALL)).contains("entries"));

        let many = scratch("many");
        for i in 0..4 {
            fs::write(many.join(format!("{i}.yaml")), "").unwrap();
        }
        assert!(message(read_sources_within(&many, SMALL)).contains("at most 3 files"));

        let heavy = scratch("heavy");
        fs::write(heavy.join("a.yaml"), "#".repeat(60)).unwrap();
        fs::write(heavy.join("b.yaml"), "#".repeat(60)).unwrap();
        assert!(message(read_sources_within(&heavy, SMALL)).contains("over 100 bytes"));
        fs::remove_file(heavy.join("b.yaml")).unwrap();
        assert_eq!(read_sources_within(&heavy, SMALL).unwrap().len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_walked_once_and_a_linked_file_read_once() {
        let dir = scratch("loop");
        fs::write(dir.join("kb.yaml"), "").unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("self")).unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("again")).unwrap();
        std::os::unix::fs::symlink(dir.join("kb.yaml"), dir.join("same.yaml")).unwrap();
        assert_eq!(read_sources(&dir).unwrap().len(), 1);
    }
}
