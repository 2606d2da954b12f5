{{ config(enabled=trig.trig_source_enabled(), materialized='table') }}
{#- Organisations from every enabled connector (and the user's own model when var
    trig_include_input_models is true), one row per organisation_id: when several
    sources describe it (a CRM account carrying the product workspace id, and that
    workspace's group calls), sources rank: the user's model, then CRMs, then product analytics (each in
    trig_sources order).
    Each attribute comes from the highest-priority source that has a value for it;
    `source` says which source ranks first. -#}
{%- set parts = trig.trig_canonical_union_parts('organisations', ['source', 'source_record_id']) -%}
{%- set relations, names, extra = parts.relations, parts.names, parts.extra -%}

with unioned as (
    {{ trig.trig_union_by_name(relations, names, extra) }}
),

{{ trig.trig_merge_by_priority('unioned', 'organisation_id', names, relations | length) }}

select
    {%- for name in names if name not in ['source_record_id'] %}
    {{ name }},
    {%- endfor %}
    source_record_id
from merged
