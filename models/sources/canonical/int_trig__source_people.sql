{{ config(enabled=trig.trig_source_enabled(), materialized='table') }}
{#- People from every enabled connector (and the user's own model when var
    trig_include_input_models is true), merged by normalised email across sources and
    within one (two HubSpot contacts with one email are one person): one row per
    person_id, each attribute from the highest-priority source that has it, organisation_id = the
    primary organisation (int_trig__source_memberships). People with no organisation
    keep a null organisation_id and are listed in trig_quarantine. -#}
{%- set parts = trig.trig_canonical_union_parts('people', ['source', 'source_record_id', 'organisation_record_id', 'organisation_id']) -%}
{%- set relations, names, extra = parts.relations, parts.names, parts.extra -%}

with unioned as (
    {{ trig.trig_union_by_name(relations, names, extra) }}
),

{{ trig.trig_merge_by_priority('unioned', 'person_id', names, relations | length) }},

primary_organisation as (
    select person_id, organisation_id from {{ ref('int_trig__source_memberships') }} where is_primary
)

select
    merged.person_id,
    coalesce(primary_organisation.organisation_id, merged.organisation_id) as organisation_id
    {%- for name in names if name not in ['person_id', 'organisation_id', 'organisation_record_id', 'source_record_id'] %},
    merged.{{ name }}
    {%- endfor %}
from merged
left join primary_organisation on primary_organisation.person_id = merged.person_id
