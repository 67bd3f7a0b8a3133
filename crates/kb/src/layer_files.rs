//! Finding and reading a layer's files: a `--kb` path may name anything, so the walk is bounded
//! in depth, entries, files and bytes, follows each directory once (a symlink loop ends), reads
//! only regular files and never reads past the size limit (a FIFO, a device or a sparse file is
//! refused before it is opened), refuses the kernel's files (procfs, sysfs: `/proc/kmsg` looks
//! like an empty regular file and blocks the read), and shares one byte budget among all the
//! layers of a stack, so several `--kb` cannot add up to more memory than one may hold.

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
}

const WALK_LIMITS: WalkLimits = WalkLimits {
    depth: 16,
    entries: 10_000,
    files: 1_000,
};

/// Bytes read over all the layers of a stack, the built-in base aside. Compiling a layer takes
/// many times its size in memory (a parsed YAML node and its definition weigh far more than
/// its text), so this keeps the whole stack's peak in the low hundreds of megabytes, while a
/// layer several times the size of the built-in base's own text still fits.
pub const STACK_BYTES: u64 = 4 * 1024 * 1024;

/// Reads each layer of a stack in order (a path given twice is read once: it would clash with
/// itself), all of them within one byte budget, [`STACK_BYTES`].
pub fn read_stack(paths: &[PathBuf]) -> Result<Vec<Source>, KbError> {
    let mut budget = STACK_BYTES;
    let mut sources = Vec::new();
    for (position, path) in paths.iter().enumerate() {
        if !paths[..position].contains(path) {
            sources.extend(read_sources_within(path, WALK_LIMITS, &mut budget)?);
        }
    }
    Ok(sources)
}

/// Reads a knowledge-base layer from a YAML file or from every `*.yaml` file below a
/// directory, the layer named after `path`, within the walk's `limits` (small in tests, to
/// prove each with a few files); `budget` is what the stack may still read, and what the
/// layer reads is taken from it.
fn read_sources_within(
    path: &Path,
    limits: WalkLimits,
    budget: &mut u64,
) -> Result<Vec<Source>, KbError> {
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
    let total: u64 = walk.files.iter().map(|file| file.size).sum();
    if total > *budget {
        return Err(refused(
            path,
            &format!(
                "this layer's files hold {total} bytes, and the `--kb` layers of a run may hold {STACK_BYTES} together ({} were left)",
                *budget
            ),
        ));
    }
    *budget -= total;
    walk.files
        .iter()
        .map(|file| {
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
        if on_kernel_file_system(path) {
            return Err(refused(path, KERNEL_FILE));
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
        if on_kernel_file_system(dir) {
            return Err(refused(dir, KERNEL_FILE));
        }
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

const KERNEL_FILE: &str = "on the kernel's own file system (procfs, sysfs...), whose files are no knowledge base and may block when read";

/// Whether `path` (its target, for a symlink) is on a file system the kernel makes up: its
/// files claim to be regular and empty, and reading one (`/proc/kmsg`) may wait forever.
#[cfg(target_os = "linux")]
fn on_kernel_file_system(path: &Path) -> bool {
    const KERNEL_FILE_SYSTEMS: [u64; 10] = [
        0x9fa0,      // procfs
        0x6265_6572, // sysfs
        0x6462_6720, // debugfs
        0x7472_6163, // tracefs
        0x7363_6673, // securityfs
        0x6265_6570, // configfs
        0x0027_e0eb, // cgroup
        0x6367_7270, // cgroup2
        0xcafe_4a11, // bpf
        0xde5e_81e4, // efivarfs
    ];
    rustix::fs::statfs(path).is_ok_and(|stat| {
        #[allow(
            clippy::unnecessary_cast,
            reason = "the field's type differs between targets"
        )]
        let kind = stat.f_type as u64 & 0xffff_ffff;
        KERNEL_FILE_SYSTEMS.contains(&kind)
    })
}

#[cfg(not(target_os = "linux"))]
fn on_kernel_file_system(_path: &Path) -> bool {
    false
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
    let mut text =
        String::from_utf8(bytes).map_err(|_| refused(path, "cannot read: not valid UTF-8 text"))?;
    // A byte-order mark, which some Windows editors write, is no part of the text.
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    Ok(text)
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
    };

    #[test]
    fn each_bound_of_the_walk_is_enforced() {
        let deep = scratch("deep");
        let below = deep.join("a/b/c/d");
        fs::create_dir_all(&below).unwrap();
        fs::write(below.join("kb.yaml"), "").unwrap();
        assert!(message(read_sources_within(&deep, SMALL, &mut 100)).contains("directories deep"));

        let wide = scratch("wide");
        for i in 0..6 {
            fs::write(wide.join(format!("{i}.txt")), "").unwrap();
        }
        assert!(message(read_sources_within(&wide, SMALL, &mut 100)).contains("entries"));

        let many = scratch("many");
        for i in 0..4 {
            fs::write(many.join(format!("{i}.yaml")), "").unwrap();
        }
        assert!(message(read_sources_within(&many, SMALL, &mut 100)).contains("at most 3 files"));

        let heavy = scratch("heavy");
        fs::write(heavy.join("a.yaml"), "#".repeat(60)).unwrap();
        fs::write(heavy.join("b.yaml"), "#".repeat(60)).unwrap();
        assert!(message(read_sources_within(&heavy, SMALL, &mut 100)).contains("may hold"));
        fs::remove_file(heavy.join("b.yaml")).unwrap();
        assert_eq!(
            read_sources_within(&heavy, SMALL, &mut 100).unwrap().len(),
            1
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_walked_once_and_a_linked_file_read_once() {
        let dir = scratch("loop");
        fs::write(dir.join("kb.yaml"), "").unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("self")).unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("again")).unwrap();
        std::os::unix::fs::symlink(dir.join("kb.yaml"), dir.join("same.yaml")).unwrap();
        assert_eq!(read_stack(&[dir]).unwrap().len(), 1);
    }
}
