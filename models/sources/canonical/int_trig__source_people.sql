{{ config(enabled=trig.trig_source_enabled(), materialized='table') }}
{#- People from every enabled connector (and the user's own model when var
    trig_include_input_models is true), merged by normalised email across sources and
    within one (two HubSpot contacts with one email are one person): one row per
    person_id, each attribute from the highest-priority source that has it, organisation_id = the
    primary organisation (int_trig__source_memberships). People with no organisation
    keep a null organisation_id and are listed in trig_quarantine. -#}
{%- set relations = trig.trig_source_models('people') -%}
{%- if trig.trig_include_input_models() -%}
  {%- set user_relation = trig.trig_input_ref('trig_people_model') -%}
  {%- do relations.insert(0, user_relation) -%}
{%- endif -%}
{%- set names = [] -%}
{%- for relation in relations -%}
  {%- for name in trig.trig_columns_of(relation) if name not in names -%}{%- do names.append(name) -%}{%- endfor -%}
{%- endfor -%}
{%- for name in ['source', 'source_record_id', 'organisation_record_id', 'organisation_id'] if name not in names -%}{%- do names.append(name) -%}{%- endfor -%}
{%- set extra = {user_relation.identifier: {'source': "'user'"}} if trig.trig_include_input_models() else {} -%}

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
