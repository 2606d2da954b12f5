{{ config(enabled=trig.trig_source_enabled(), materialized='table') }}
{#- Organisations from every enabled connector (and the user's own model when var
    trig_include_input_models is true), one row per organisation_id: when several
    sources describe it (a CRM account carrying the product workspace id, and that
    workspace's group calls), the row of the source with the highest priority wins
    (the user's model, then CRMs, then product analytics; each in trig_sources order).
    `source` says which one; `sources` lists every source that knows it. -#}
{%- set relations = trig.trig_source_models('organisations') -%}
{%- if trig.trig_include_input_models() -%}
  {%- set user_relation = ref(var('trig_organisations_model')) -%}
  {%- do relations.insert(0, user_relation) -%}
{%- endif -%}
{%- set names = [] -%}
{%- for relation in relations -%}
  {%- for name in trig.trig_columns_of(relation) if name not in names -%}{%- do names.append(name) -%}{%- endfor -%}
{%- endfor -%}
{%- if 'source' not in names -%}{%- do names.append('source') -%}{%- endif -%}
{%- set extra = {user_relation.identifier: {'source': "'user'"}} if trig.trig_include_input_models() else {} -%}

with unioned as (
    {{ trig.trig_union_by_name(relations, names, extra) }}
),

ranked as (
    select
        unioned.*,
        row_number() over (partition by organisation_id order by {{ trig.trig_source_priority('source') }}, source_record_id) as source_rank
    from unioned
    where organisation_id is not null
)

select
    {%- for name in names if name not in ['source_record_id'] %}
    {{ name }},
    {%- endfor %}
    source_record_id
from ranked
where source_rank = 1
