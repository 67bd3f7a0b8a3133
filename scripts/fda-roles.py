#!/usr/bin/env python3
"""Compares the knowledge base's enzyme roles with the FDA's CYP and P-gp tables.

Reads the two transcribed FDA tables (shared/evidence/fda-ddi-table: the healthcare-professional
Table 1 and the clinical index Tables 2-1 to 2-3), looks each listed drug up with
`kratom-check info --json --strict`, and prints, per enzyme, how many of the FDA-listed drugs the
base knows and how many of their FDA roles it holds at the FDA's strength. `--details` lists
every role that differs and every name the base does not know.

An FDA "sensitive" substrate is the base's `sensitive`; a "moderate sensitive" one is `major`.
P-gp inhibition carries no strength in the table, so any strength matches. Other transporters
(OATP, BCRP, OAT, OCT, MATE) are not in the base's vocabulary and are left out. Where the two
tables give one role two strengths, the stronger counts. Rows naming a boosted regimen
("X and ritonavir") or a fixed combination are left out (the boosting drug has its own row), and
so are single enantiomers.

Usage: scripts/fda-roles.py [--details] [--bin PATH] [--tables DIR]
Standard library only; no network.
"""

import argparse
import csv
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_TABLES = "/work/shared/evidence/fda-ddi-table"

# The FDA's enzyme names, longest first where one is a prefix of another, and the base's.
ENZYMES = [
    ("2C19", "cyp2c19"),
    ("1A2", "cyp1a2"),
    ("2B6", "cyp2b6"),
    ("2C8", "cyp2c8"),
    ("2C9", "cyp2c9"),
    ("2D6", "cyp2d6"),
    ("3A", "cyp3a4"),
    ("P-gp", "pgp"),
]
ENZYME_PATTERN = re.compile("|".join(re.escape(fda) for fda, _ in ENZYMES))
BASE_ENZYME = dict(ENZYMES)
ENZYME_ORDER = [base for _, base in sorted(ENZYMES, key=lambda e: e[1])]

# The healthcare-professional table's columns: the role and strength each one states.
HCP_COLUMNS = {
    "CYP Strg INH": ("inhibits", "strong"),
    "CYP Mod INH": ("inhibits", "moderate"),
    "CYP WK INH": ("inhibits", "weak"),
    "CYP Strg IND": ("induces", "strong"),
    "CYP Mod IND": ("induces", "moderate"),
    "CYP WK IND": ("induces", "weak"),
    "CYP SENS SUB": ("substrate_of", "sensitive"),
    "CYP Mod SENS SUB": ("substrate_of", "major"),
    "TRNSP INH": ("inhibits", "any"),
    "TRNSP SUB": ("substrate_of", "any"),
}
INDEX_ROLES = {"inhibitor": "inhibits", "inducer": "induces", "substrate": "substrate_of"}
INDEX_LEVELS = {"sensitive": "sensitive", "moderate": "moderate", "strong": "strong",
                "weak": "weak", "any": "any"}
RANK = {"any": 0, "minor": 1, "weak": 1, "major": 2, "moderate": 2, "sensitive": 3,
        "strong": 3, "prodrug": 0}

# Names the tables spell otherwise than a person types them.
SPELLINGS = {
    "st. john’s wort": "st john's wort",
    "tobacco (smoking)": "tobacco",
    "s-warfarin": "warfarin",
    "oseltamivir carboxylate": "oseltamivir",
    "dabigatran etexilate": "dabigatran",
}


# An enantiomer's role is not the racemate's (R-venlafaxine is a sensitive CYP2D6 substrate, the
# racemate's active moiety much less so); S-warfarin is read as warfarin, as the tables agree.
ENANTIOMERS = {"r-venlafaxine", "s-venlafaxine", "s-mephenytoin"}


def clean_name(raw):
    """The drug a row names, without the page's footnote marks."""
    name = re.sub(r"[\s\d,]+$", "", raw.strip()).lower()
    return SPELLINGS.get(name, name)


def add(table, drug, role, enzyme, level, source):
    """Records one role, keeping the stronger where two rows disagree."""
    key = (role, enzyme)
    old = table[drug].get(key)
    if old is None or RANK[level] > RANK[old[0]]:
        table[drug][key] = (level, source)


def read_tables(folder):
    table = defaultdict(dict)
    with open(os.path.join(folder, "fda_hcp_table1.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            drug = clean_name(row["Drug or Other Substance"])
            if " and " in drug or drug in ENANTIOMERS:
                continue
            for column, (role, level) in HCP_COLUMNS.items():
                cell = row[column] or ""
                for fda in ENZYME_PATTERN.findall(cell):
                    enzyme = BASE_ENZYME[fda]
                    # P-gp rows carry no strength; CYP rows in the transporter columns do not occur.
                    add(table, drug, role, enzyme, "any" if enzyme == "pgp" else level, "hcp")
    with open(os.path.join(folder, "fda_index_drugs.csv"), encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    for row in csv.DictReader(lines):
        fda = row["enzyme"].replace("CYP", "")
        enzyme = BASE_ENZYME[fda]
        role = INDEX_ROLES[row["role"]]
        level = INDEX_LEVELS[row["level"]]
        if role == "substrate_of":
            level = "sensitive" if level == "sensitive" else "major"
        add(table, clean_name(row["drug"]), role, enzyme, level, "index")
    return table


def base_profile(binary, drug):
    """The base's roles for a drug name, or None when the name is not a known substance."""
    done = subprocess.run([binary, "info", "--json", "--strict", drug],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return None
    info = json.loads(done.stdout)
    if info.get("kind") != "substance":
        return None
    roles = {}
    for role in ("substrate_of", "inhibits", "induces"):
        for fact in info.get(role, []):
            roles[(role, fact["name"])] = fact["level"]
    return info["id"], roles


def matches(fda_level, base_level):
    if base_level is None:
        return False
    return fda_level == "any" or fda_level == base_level


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--details", action="store_true",
                        help="list every differing role and every unknown name")
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "kratom-check"))
    parser.add_argument("--tables", default=DEFAULT_TABLES)
    args = parser.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"no kratom-check binary at {args.bin}: run `cargo build` or pass --bin")

    table = read_tables(args.tables)
    listed = defaultdict(set)
    known = defaultdict(set)
    roles_total = defaultdict(int)
    roles_match = defaultdict(int)
    by_kind_total = defaultdict(int)
    by_kind_match = defaultdict(int)
    differing = []
    unlisted_strong = []
    unknown = []
    for drug in sorted(table):
        profile = base_profile(args.bin, drug)
        if profile is None:
            unknown.append(drug)
        for (role, enzyme), (level, _source) in sorted(table[drug].items()):
            listed[enzyme].add(drug)
            if profile is None:
                continue
            base_id, roles = profile
            known[enzyme].add(drug)
            base_level = roles.get((role, enzyme))
            roles_total[enzyme] += 1
            kind = f"{role} {level}"
            by_kind_total[kind] += 1
            if matches(level, base_level):
                roles_match[enzyme] += 1
                by_kind_match[kind] += 1
            else:
                differing.append((enzyme, base_id, role, level, base_level or "-"))
        if profile is not None:
            base_id, roles = profile
            for (role, enzyme), base_level in sorted(roles.items()):
                if (role != "substrate_of" and base_level == "strong"
                        and (role, enzyme) not in table[drug] and enzyme in listed):
                    unlisted_strong.append((enzyme, base_id, role))

    print(f"{'enzyme':<9}{'FDA-listed':>11}{'known':>7}{'roles':>7}{'match':>7}{'%':>6}")
    for enzyme in ENZYME_ORDER:
        total = roles_total[enzyme]
        share = f"{100 * roles_match[enzyme] / total:.0f}" if total else "-"
        print(f"{enzyme:<9}{len(listed[enzyme]):>11}{len(known[enzyme]):>7}{total:>7}"
              f"{roles_match[enzyme]:>7}{share:>6}")
    all_listed = len(table)
    all_known = all_listed - len(unknown)
    total = sum(roles_total.values())
    matched = sum(roles_match.values())
    print(f"{'all':<9}{all_listed:>11}{all_known:>7}{total:>7}{matched:>7}"
          f"{100 * matched / total if total else 0:>6.0f}")
    print()
    print(f"{'role at FDA strength':<28}{'roles':>7}{'match':>7}")
    for kind in sorted(by_kind_total):
        print(f"{kind:<28}{by_kind_total[kind]:>7}{by_kind_match[kind]:>7}")
    print(f"\nstrong inhibitions or inductions of FDA-listed drugs the tables do not list: "
          f"{len(unlisted_strong)}")
    if args.details:
        for enzyme, base_id, role in unlisted_strong:
            print(f"  {enzyme:<8} {base_id:<24} {role}")
        print("\nroles that differ (enzyme, substance, role, FDA, base):")
        for enzyme, base_id, role, level, base_level in differing:
            print(f"  {enzyme:<8} {base_id:<24} {role:<13} FDA {level:<10} base {base_level}")
        print(f"\nnames the base does not know ({len(unknown)}):")
        print("  " + ", ".join(unknown))


if __name__ == "__main__":
    main()
