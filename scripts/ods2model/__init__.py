"""The converter behind scripts/ods2model.py, which builds the England 2026
model (data/england-2026/) from the raw ODS / ONS files under data/raw/.

    raw.py           reading the CSV files under data/raw/
    names.py         ODS UPPER CASE names as people write them
    entity.py        entities as dicts, and their order
    sources.py       the source entities (sources.yaml)
    geography.py     reading regions, ICBs, sub-ICB locations, local
                     authorities and the April 2026 mergers
    areas.py         regions-icbs.yaml and mergers.yaml
    trusts.py        trusts.yaml
    primary_care.py  primary-care.yaml
    councils.py      local-authorities.yaml
    model.py         Model: all of the above, the id checks, the rendering
    render.py        the YAML text
"""
