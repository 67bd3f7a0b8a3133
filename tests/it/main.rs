//! The one integration-test binary: a module per topic, sharing `common`. One binary links
//! once after the library changes, instead of once per topic.

mod common;

mod batch;
mod between_medicines;
mod bounds;
mod burden;
mod class_names;
mod cli;
mod clinical_calls;
mod context;
mod csv;
mod enzyme_roles;
mod families;
mod glance;
mod golden;
mod help;
mod hostile;
mod io_errors;
mod kb_command;
mod knowledge_base;
mod label_calls;
mod layers_seen;
mod look_alikes;
mod names;
mod properties;
mod schema_validators;
mod schemas;
mod startup;
mod substance_properties;
mod typed_apart;
mod typed_names;
