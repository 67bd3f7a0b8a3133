//! Example inputs a rule carries, with the tier each must give, so that a maintainer who
//! changes a rule sees in the same file what it is meant to do, and one test runs them all
//! (`crate::rule_examples`).

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::SubstanceIdx;
use crate::vocabulary::{DoseBand, Frequency, Tier};

/// One example as written in YAML: `{substances: [kratom, midazolam], tier: moderate}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleDef {
    /// The finding's substances, kratom included when it is one of them. A check of them
    /// (kratom is always checked) must give the rule's finding on exactly these.
    pub substances: Spanned<Vec<Spanned<String>>>,
    /// The tier that finding must have, or `none`: the rule must give no finding among these
    /// substances.
    pub tier: Tier,
    /// How kratom is used in the example; not given means the most severe plausible use, as in
    /// a check.
    pub dose: Option<DoseBand>,
    pub frequency: Option<Frequency>,
}

/// An example with ids resolved.
#[derive(Debug, Serialize, Deserialize)]
pub struct Example {
    pub substances: Vec<SubstanceIdx>,
    pub tier: Tier,
    pub dose: Option<DoseBand>,
    pub frequency: Option<Frequency>,
}
