//! Checking and compiling rules: their conditions, what their evidence studied, and their
//! examples.

use std::collections::HashMap;

use serde_saphyr::{Location, Spanned};

use super::definitions::normalised;
use super::ids::closest;
use super::{Checker, Located};
use crate::examples::{Example, ExampleDef};
use crate::studied::{Member, Studied, StudiedDef};
use crate::vocabulary::{DoseBand, Frequency, Grade, Tier};
use crate::yaml::{self, Selector};
use crate::{
    Class, ClassIdx, Condition, ContextAdjustment, DefinedAt, LayerIdx, ReferenceIdx, Rule,
    RuleIdx, RuleProse, Shape, Strength, Substance, SubstanceIdx,
};

/// What a rule may refer to: ids, and the compiled substances and classes they lead to.
pub(super) struct Known<'k> {
    pub substance_ids: &'k HashMap<String, SubstanceIdx>,
    pub class_ids: &'k HashMap<String, ClassIdx>,
    pub reference_ids: &'k HashMap<String, ReferenceIdx>,
    pub substances: &'k [Substance],
    pub classes: &'k [Class],
}

impl Checker<'_> {
    /// The rule at `index`, and its prose.
    pub(super) fn rule(
        &mut self,
        located: &Located<yaml::RuleDef>,
        known: &Known,
        index: RuleIdx,
    ) -> (Rule, RuleProse) {
        let def = located.def;
        let file = located.file;
        let at = def.id.referenced;
        let id = &def.id.value;
        self.lookup_all(file, &def.references, known.reference_ids, "reference");
        if def.references.is_empty() && def.evidence.grade != Grade::E {
            self.report(
                file,
                at,
                format!(
                    "rule `{id}` is graded {} but cites no reference: cite one, or grade it E",
                    def.evidence.grade
                ),
            );
        }
        if def.evidence.grade == Grade::E
            && !normalised(&def.evidence.summary)
                .to_lowercase()
                .contains("class-based extrapolation")
        {
            self.report(
                file,
                at,
                format!(
                    "rule `{id}` is graded E: its evidence summary must say it is a class-based extrapolation"
                ),
            );
        }
        let sides = [&def.when.a, &def.when.b, &def.when.each];
        let inhibition_tags = sides
            .iter()
            .any(|side| side.as_ref().is_some_and(|s| s.inhibits.is_some()));
        if def.mechanisms.is_empty() && !inhibition_tags {
            self.report(file, at, format!("rule `{id}` names no mechanism"));
        }
        if def.tier == Tier::None {
            self.report(
                file,
                at,
                format!("rule `{id}` has tier `none`: a rule that fires must name a risk"),
            );
        }
        let shape = self.shape(
            file,
            at,
            id,
            &def.when,
            known.substance_ids,
            known.class_ids,
        );
        let studied = self.studied(file, at, id, def.evidence.grade, &def.studied, known);
        let examples = self.examples(file, id, &def.examples, known);
        // Entries that together hold for every way of use would silently replace the rule's
        // tier (with `none`, silence it), past the check above: one entry or several.
        let every_use_adjusted = DoseBand::ALL.iter().all(|band| {
            Frequency::ALL.iter().all(|frequency| {
                def.context.iter().any(|adjustment| {
                    covers(&adjustment.when.dose, band)
                        && covers(&adjustment.when.frequency, frequency)
                })
            })
        });
        if every_use_adjusted {
            self.report(
                file,
                at,
                format!(
                    "rule `{id}` has context entries whose `when`, alone or together, holds for every dose and frequency: give the tier to the rule itself"
                ),
            );
        }
        let context = def
            .context
            .iter()
            .map(|adjustment| ContextAdjustment {
                dose: adjustment.when.dose.clone(),
                frequency: adjustment.when.frequency.clone(),
                tier: adjustment.tier,
                note: normalised(&adjustment.note),
            })
            .collect();
        let rule = Rule {
            id: id.clone(),
            index,
            tier: def.tier,
            group: def.group.as_ref().map(|g| g.value.clone()),
            mechanisms: def.mechanisms.clone(),
            shape,
            context,
            grade: def.evidence.grade,
            references: def.references.iter().map(|r| r.value.clone()).collect(),
            studied,
            examples,
            layer: self.layer_of(file),
            replaces_earlier: located.replaces,
            defined_at: DefinedAt {
                path: self.sources[file].path.clone(),
                line: at.line(),
            },
        };
        let prose = RuleProse {
            title: def.title.clone(),
            explanation: normalised(&def.explanation),
            advice: def.advice.clone(),
            summary: normalised(&def.evidence.summary),
        };
        (rule, prose)
    }

    /// Refuses a group whose rules a layer adds in more than one file: the rules of a group
    /// are tried in declaration order, which across files would be set by the files' names.
    /// A layer's replacement of an earlier layer's rule keeps that rule's place, so it may sit
    /// in any file.
    pub(super) fn check_groups_in_one_file(&mut self, rule_defs: &[Located<yaml::RuleDef>]) {
        let mut group_files: HashMap<(LayerIdx, &str), usize> = HashMap::new();
        for located in rule_defs.iter().filter(|r| !r.replaces) {
            let Some(group) = &located.def.group else {
                continue;
            };
            let layer = self.layer_of(located.file);
            let first_file = *group_files
                .entry((layer, group.value.as_str()))
                .or_insert(located.file);
            if first_file != located.file {
                let message = format!(
                    "rule `{}` is in group `{}`, whose other rules are in {}: keep a group's \
                     rules in one file, where their order is the order they are tried in",
                    located.def.id.value, group.value, self.sources[first_file].path
                );
                self.report(located.file, group.referenced, message);
            }
        }
    }

    /// What the rule's evidence studied, each graded no better than the rule.
    fn studied(
        &mut self,
        file: usize,
        at: Location,
        rule: &str,
        rule_grade: Grade,
        defs: &[StudiedDef],
        known: &Known,
    ) -> Vec<Studied> {
        let mut studied = Vec::with_capacity(defs.len());
        for def in defs {
            if def.substances.is_empty() && def.with.is_empty() {
                self.report(
                    file,
                    at,
                    format!("rule `{rule}`: a `studied` entry names no substance or class"),
                );
            }
            let substances =
                self.lookup_all(file, &def.substances, known.substance_ids, "substance");
            let with: Vec<Member> = def
                .with
                .iter()
                .filter_map(|id| self.member(file, id, known))
                .collect();
            let grade = def.grade.unwrap_or(rule_grade);
            if grade < rule_grade {
                self.report(
                    file,
                    at,
                    format!(
                        "rule `{rule}` is graded {rule_grade} but what it studied is graded {grade}: a rule's grade is its best evidence"
                    ),
                );
            }
            let substance_names: Vec<String> = substances
                .iter()
                .map(|&s| known.substances[s].name.to_lowercase())
                .collect();
            let with_names: Vec<String> = with
                .iter()
                .map(|&member| match member {
                    Member::Substance(s) => known.substances[s].name.to_lowercase(),
                    Member::Class(c) => known.classes[c].name.clone(),
                })
                .collect();
            let label = Studied::describe(
                &substance_names
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>(),
                &with_names.iter().map(String::as_str).collect::<Vec<_>>(),
                def.route,
            );
            studied.push(Studied {
                substances,
                with,
                route: def.route,
                grade,
                label,
            });
        }
        studied
    }

    /// The rule's examples: a finding has two substances or more, and an example of a rule
    /// that must not fire needs at least one.
    fn examples(
        &mut self,
        file: usize,
        rule: &str,
        defs: &[ExampleDef],
        known: &Known,
    ) -> Vec<Example> {
        let mut examples = Vec::with_capacity(defs.len());
        for def in defs {
            let wanted = if def.tier == Tier::None { 1 } else { 2 };
            if def.substances.value.len() < wanted {
                self.report(
                    file,
                    def.substances.referenced,
                    format!(
                        "rule `{rule}`: an example giving tier `{}` names {wanted} substance{} or more",
                        def.tier,
                        if wanted == 1 { "" } else { "s" }
                    ),
                );
            }
            examples.push(Example {
                substances: self.lookup_all(
                    file,
                    &def.substances.value,
                    known.substance_ids,
                    "substance",
                ),
                tier: def.tier,
                dose: def.dose,
                frequency: def.frequency,
            });
        }
        examples
    }

    /// A substance or class id.
    fn member(&mut self, file: usize, id: &Spanned<String>, known: &Known) -> Option<Member> {
        if let Some(&substance) = known.substance_ids.get(&id.value) {
            return Some(Member::Substance(substance));
        }
        if let Some(&class) = known.class_ids.get(&id.value) {
            return Some(Member::Class(class));
        }
        let hint = closest(
            &id.value,
            known.substance_ids.keys().chain(known.class_ids.keys()),
        )
        .map(|near| format!(" (did you mean `{near}`?)"))
        .unwrap_or_default();
        self.report(
            file,
            id.referenced,
            format!("unknown substance or class `{}`{hint}", id.value),
        );
        None
    }

    fn shape(
        &mut self,
        file: usize,
        at: Location,
        rule: &str,
        when: &yaml::PairCondition,
        substances: &HashMap<String, SubstanceIdx>,
        classes: &HashMap<String, ClassIdx>,
    ) -> Shape {
        let condition = |checker: &mut Self, selector| {
            checker.condition(file, at, rule, selector, substances, classes)
        };
        match when {
            yaml::PairCondition {
                a: Some(a),
                b: Some(b),
                each: None,
                at_least: None,
                requires,
            } if requires.is_empty() => Shape::Pair(condition(self, a), condition(self, b)),
            yaml::PairCondition {
                a: None,
                b: None,
                each: Some(each),
                at_least: Some(at_least),
                requires,
            } => {
                if requires.len() > at_least.value {
                    self.report(
                        file,
                        at_least.referenced,
                        format!(
                            "rule `{rule}`: `requires` names more kinds than `at_least` members"
                        ),
                    );
                }
                let requires = requires.iter().map(|r| condition(self, r)).collect();
                if at_least.value < 3 {
                    self.report(
                        file,
                        at_least.referenced,
                        format!("rule `{rule}`: `at_least` must be 3 or more; pairs are written with `a` and `b`"),
                    );
                }
                Shape::Stack {
                    each: condition(self, each),
                    at_least: at_least.value,
                    requires,
                }
            }
            _ => {
                self.report(
                    file,
                    at,
                    format!(
                        "rule `{rule}`: `when` needs either `a` and `b`, or `each` and `at_least` (and optionally `requires`)"
                    ),
                );
                Shape::Stack {
                    each: condition(self, &Selector::default()),
                    at_least: usize::MAX,
                    requires: Vec::new(),
                }
            }
        }
    }

    fn condition(
        &mut self,
        file: usize,
        at: Location,
        rule: &str,
        selector: &Selector,
        substances: &HashMap<String, SubstanceIdx>,
        classes: &HashMap<String, ClassIdx>,
    ) -> Condition {
        let Selector {
            substance,
            class,
            property,
            inhibits,
            induces,
            substrate_of,
            min_strength,
            sensitivity,
        } = selector;
        if substance.is_none()
            && class.is_none()
            && property.is_none()
            && inhibits.is_none()
            && induces.is_none()
            && substrate_of.is_none()
        {
            self.report(
                file,
                at,
                format!("rule `{rule}` has a side that matches everything: give it a condition"),
            );
        }
        if min_strength.is_some() && property.is_none() && inhibits.is_none() && induces.is_none() {
            self.report(
                file,
                at,
                format!(
                    "rule `{rule}`: `min_strength` applies to `property`, `inhibits` or `induces`, and none is given"
                ),
            );
        }
        if sensitivity.is_some() && substrate_of.is_none() {
            self.report(
                file,
                at,
                format!(
                    "rule `{rule}`: `sensitivity` applies to `substrate_of`, which is not given"
                ),
            );
        }
        Condition {
            substance: substance
                .as_ref()
                .and_then(|id| self.lookup(file, id, substances, "substance")),
            class: class
                .as_ref()
                .and_then(|id| self.lookup(file, id, classes, "class")),
            property: *property,
            inhibits: *inhibits,
            induces: *induces,
            substrate_of: *substrate_of,
            min_strength: min_strength.unwrap_or(Strength::Weak),
            sensitivity: sensitivity.clone(),
        }
    }
}

/// Whether a context condition's list holds for every value: not given, or naming them all.
/// Whether a context condition (absent: any value) holds for `value`.
fn covers<T: PartialEq>(given: &Option<Vec<T>>, value: &T) -> bool {
    given.as_ref().is_none_or(|given| given.contains(value))
}
