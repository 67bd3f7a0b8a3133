//! Correcting a misspelling, and the cases where a correction would turn one drug into
//! another. A correction is made only when one substance is within one edit, and never when
//! the names differ in a number ("delta 9" is not delta-8-THC), when the typed word is an
//! English word ("thing", "forte"), when it would reach a recreational drug or a kratom product
//! (among novel psychoactive substances one letter is another drug: methedrone, mephedrone),
//! when it would become kratom (the input would vanish from the check), or when it drops a
//! word that adds an ingredient ("Aleve-D" is not Aleve). A correction never picks the safer of
//! two look-alikes: when another drug is within two edits ("methadate" is one slip from
//! Metadate and two from methadone), the input stands for each of them and is judged at the
//! worst, as an ambiguous name is; when one of them is a product or a class, it is not
//! corrected at all.

use super::label;
use super::{Corrections, Resolver};
use crate::kb::{
    ClassIdx, IndexedName, KRATOM_PRODUCT_CLASS, KnowledgeBase, NameTarget, ProductIdx,
    RECREATIONAL_CLASS, SubstanceIdx,
};
use crate::names;

/// Lower-case English words of five letters or more (SCOWL, via Debian's `wamerican`), one
/// per line between newlines, in byte order without repeats (`LC_ALL=C sort -u`; a test
/// checks it), so a word is found by binary search in place: nothing is split or copied, and
/// a check whose names are all found exactly never reads it.
const ENGLISH_WORDS: &str = include_str!("../../data/words/english.txt");

/// Whether `key` is one of [`ENGLISH_WORDS`].
fn is_english_word(key: &str) -> bool {
    if key.is_empty() {
        return false;
    }
    let text = ENGLISH_WORDS.as_bytes();
    // The lines still in question start in `low..high`; both are line starts (or the end).
    let (mut low, mut high) = (0, text.len());
    while low < high {
        let middle = low + (high - low) / 2;
        let start = text[..middle]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let end = text[middle..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| middle + i);
        match text[start..end].cmp(key.as_bytes()) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => low = end + 1,
            std::cmp::Ordering::Greater => high = start,
        }
    }
    false
}

/// Class ids whose members a misspelling is never corrected into.
const NEVER_CORRECTED_INTO: &[&str] = &[RECREATIONAL_CLASS, KRATOM_PRODUCT_CLASS];

/// How far a misspelling may be from the name it is corrected to: one slip, and only in a
/// name of five letters or more ("Paxil" and "Taxol" are one letter apart). Two slips would
/// turn real drugs into others: nimodipine into nifedipine, cycloserine into cyclosporine,
/// valganciclovir into valacyclovir (ISMP's confused-names list).
fn correction_distance(key_len: usize) -> usize {
    usize::from(key_len >= 5)
}

/// How far another drug's name may be from a misspelling for the misspelling to stand for it
/// too: the two slips that confused-name lists are made of (methadate: Metadate, methadone;
/// zanac: Zantac, Xanax).
const LOOK_ALIKE_DISTANCE: usize = 2;

/// What a correction must not cross, found once per knowledge base.
pub struct CorrectionGuard {
    protected_classes: Vec<ClassIdx>,
    recreational_class: Option<ClassIdx>,
    /// Also read when a class name is resolved: its members leave out kratom's own products.
    pub kratom_product_class: Option<ClassIdx>,
}

impl CorrectionGuard {
    pub fn new(kb: &KnowledgeBase) -> Self {
        CorrectionGuard {
            protected_classes: kb
                .classes
                .indexed()
                .filter(|(_, class)| NEVER_CORRECTED_INTO.contains(&class.id.as_str()))
                .map(|(i, _)| i)
                .collect(),
            recreational_class: kb
                .classes
                .indexed()
                .find(|(_, class)| class.id == RECREATIONAL_CLASS)
                .map(|(i, _)| i),
            kratom_product_class: kb
                .classes
                .indexed()
                .find(|(_, class)| class.id == KRATOM_PRODUCT_CLASS)
                .map(|(i, _)| i),
        }
    }

    /// Whether `typed` may be read as `name`, a name one edit away.
    fn allows(&self, kb: &KnowledgeBase, typed: &str, key: &str, name: &IndexedName) -> bool {
        let digits = |text: &str| {
            text.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
        };
        let english_word = is_english_word(key);
        let typed_additions = label::added_ingredient_words(typed);
        let target_additions = label::added_ingredient_words(&name.spelling);
        let drops_an_ingredient = typed_additions
            .iter()
            .any(|word| !target_additions.contains(word));
        digits(key) == digits(&name.key)
            && !english_word
            && !drops_an_ingredient
            && !self.protects(kb, name.target)
    }

    fn protects(&self, kb: &KnowledgeBase, target: NameTarget) -> bool {
        if let NameTarget::Class(c) = target {
            return self.protected_classes.contains(&c);
        }
        kb.ingredients(target).iter().any(|&s| {
            s == kb.kratom
                || kb.substances[s]
                    .ancestry
                    .iter()
                    .any(|c| self.protected_classes.contains(c))
        })
    }

    /// Whether `target` is kratom or one of its own products: a form of kratom, never a
    /// second substance beside it.
    fn is_kratom(&self, kb: &KnowledgeBase, target: NameTarget) -> bool {
        kb.ingredients(target).iter().any(|&s| {
            s == kb.kratom
                || self
                    .kratom_product_class
                    .is_some_and(|k| kb.substances[s].ancestry.contains(&k))
        })
    }
}

/// What a misspelling is read as.
pub(super) struct Correction<'kb> {
    /// The one name within one edit.
    pub name: &'kb IndexedName,
    /// Other drugs within two edits: when there are any, the input stands for `name`'s
    /// substance and each of them, and is judged at the worst.
    pub look_alikes: Vec<SubstanceIdx>,
}

impl<'kb> Resolver<'kb> {
    /// The one name a misspelling is close enough to, if there is exactly one thing it could
    /// be and reading it so cannot make another drug of it. A typo rarely changes the first
    /// letter, so candidates must keep it.
    pub(super) fn correction(&self, typed: &str) -> Option<Correction<'kb>> {
        if self.corrections == Corrections::Off {
            return None;
        }
        let key = names::key(typed);
        let limit = correction_distance(key.chars().count());
        let first = key.chars().next()?;
        if limit == 0 {
            return None;
        }
        let mut best: Option<(usize, &IndexedName)> = None;
        let mut near_products: Vec<ProductIdx> = Vec::new();
        for (distance, name) in self.close_names(&key, limit) {
            if let NameTarget::Product(p) = name.target {
                near_products.push(p);
            }
            if !name.key.starts_with(first) {
                continue;
            }
            match best {
                Some((_, chosen)) if !chosen.target.same_thing(name.target) => return None,
                Some((d, _)) if d <= distance => {}
                _ => best = Some((distance, name)),
            }
        }
        let (_, name) = best?;
        // Had the slip been in a product's name, reading it as anything with fewer
        // ingredients would drop one.
        let ingredients = self.kb.ingredients(name.target);
        let could_be_a_product = near_products.iter().any(|&p| {
            self.kb.products[p]
                .ingredients
                .iter()
                .any(|i| !ingredients.contains(i))
        });
        if could_be_a_product || !self.guard().allows(self.kb, typed, &key, name) {
            return None;
        }
        let look_alikes = self.look_alikes(&key, name.target)?;
        Some(Correction { name, look_alikes })
    }

    /// For a name of one or two letters ("K", "H"), the street drugs it may be short for:
    /// those with it as a word of a name first ("special K"), then the shortest names that
    /// start with it. Edit distance says nothing at that length ("K" is one edit from "E").
    pub(super) fn street_name_suggestions(&self, key: &str) -> Vec<&'kb IndexedName> {
        let Some(recreational) = self.guard().recreational_class else {
            return Vec::new();
        };
        if key.is_empty() || key.chars().count() > 2 {
            return Vec::new();
        }
        let mut names: Vec<(bool, &IndexedName)> = self
            .kb
            .names
            .iter()
            .map(|name| {
                let own_word = name
                    .spelling
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|word| word.eq_ignore_ascii_case(key));
                (own_word, name)
            })
            .filter(|(own_word, name)| *own_word || name.key.starts_with(key))
            .filter(|(_, name)| {
                self.kb
                    .ingredients(name.target)
                    .iter()
                    .any(|&s| self.kb.substances[s].ancestry.contains(&recreational))
            })
            .collect();
        names.sort_by_key(|(own_word, name)| (!own_word, name.key.len(), name.key.as_str()));
        names.into_iter().map(|(_, name)| name).collect()
    }

    /// The other drugs whose names are within two edits of `key`, which is corrected to
    /// `target`. `None` when the input cannot stand for them all: a product or a class is
    /// among them, or the correction itself is a product, class or ambiguous name.
    fn look_alikes(&self, key: &str, target: NameTarget) -> Option<Vec<SubstanceIdx>> {
        let mut look_alikes: Vec<SubstanceIdx> = Vec::new();
        for (_, name) in self.close_names(key, LOOK_ALIKE_DISTANCE) {
            if name.target.same_thing(target) || self.guard().is_kratom(self.kb, name.target) {
                continue;
            }
            match name.target {
                NameTarget::SubstanceName(s) | NameTarget::SubstanceAlias(s) => {
                    look_alikes.push(s);
                }
                NameTarget::Ambiguous(a) => {
                    look_alikes.extend(&self.kb.ambiguous_names[a].candidates);
                }
                NameTarget::Class(_) | NameTarget::Product(_) => return None,
            }
        }
        let corrected = match target {
            NameTarget::SubstanceName(s) | NameTarget::SubstanceAlias(s) => s,
            _ if look_alikes.is_empty() => return Some(look_alikes),
            _ => return None,
        };
        look_alikes.sort_unstable();
        look_alikes.dedup();
        look_alikes.retain(|&s| s != corrected);
        Some(look_alikes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_in_byte_order_without_repeats() {
        let lines: Vec<&str> = ENGLISH_WORDS.lines().collect();
        assert!(lines.windows(2).all(|pair| pair[0] < pair[1]));
    }

    /// Binary search finds what a search of the whole text for the word between newlines finds.
    #[test]
    fn english_words_are_found_as_a_search_of_the_text_finds_them() {
        for word in ENGLISH_WORDS.lines().filter(|word| !word.is_empty()) {
            assert!(is_english_word(word), "{word}");
            // The list holds letters only.
            assert!(!is_english_word(&format!("{word}0")), "{word}0");
        }
        for key in [
            "",
            "sertraline",
            "aaaaa",
            "thing",
            "forte",
            "zzzzzzz",
            "zygotes",
        ] {
            let between_newlines = !key.is_empty() && ENGLISH_WORDS.contains(&format!("\n{key}\n"));
            assert_eq!(is_english_word(key), between_newlines, "{key:?}");
        }
    }
}
