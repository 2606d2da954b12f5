{{ config(materialized='incremental', on_schema_change='fail') }}
/* depends_on: {{ ref('trig_lifecycle_attributes') }} */
{#- Each new transition times each action declared for it, with its recipient(s) and
    the attribute values the message needs (those its templates and settings name, plus
    identity columns; every attribute for a webhook without a payload), as of the
    evaluation. Appended once per
    evaluation; the runner anti-joins its ledger on action_id. Contract:
    docs/contracts/diff_tables.md. -#}
{%- set declared = trig.trig_declared_actions() -%}
{%- if execute and declared -%}
  {%- set catalogs = {
      'organisation': trig.trig_catalog_context('actions', 'organisation').catalog,
      'person': trig.trig_catalog_context('actions', 'person').catalog
  } -%}
  {%- for d in declared -%}{%- do trig.trig_check_action_attributes(d, catalogs) -%}{%- endfor -%}
{%- endif -%}
{%- set org_columns = trig.trig_columns_of(ref('trig_organisation_attributes')) -%}
{%- set person_columns = trig.trig_columns_of(ref('trig_person_attributes')) -%}
{#- each declared action's recipient and message columns, worked out once -#}
{%- set planned = [] -%}
{%- set used = {'organisation_rows': [], 'person_rows': []} -%}
{%- for d in declared -%}
  {%- set r = trig.trig_action_recipient(d, org_columns) -%}
  {%- set entity_rows = 'organisation_rows' if d.object.entity == 'organisation' else 'person_rows' -%}
  {%- set row_columns = person_columns if (r.join or d.object.entity == 'person') else org_columns -%}
  {%- set message_columns = trig.trig_message_columns(d.action, row_columns, d.object.entity, org_columns) -%}
  {%- set message_rows = 'person_rows' if r.join else entity_rows -%}
  {%- for column in message_columns if column not in used[message_rows] -%}{%- do used[message_rows].append(column) -%}{%- endfor -%}
  {%- do planned.append({'d': d, 'r': r, 'entity_rows': entity_rows, 'message_columns': message_columns}) -%}
{%- endfor -%}
{#- the input, roll-up and write-back columns, and only the generated attributes a
    message names, for the organisations concerned (trig_attribute_rows_sql) -#}
{%- set org_base = org_columns | select('in', trig.trig_columns_of(ref('int_trig__organisation_attributes'))) | list -%}
{%- set person_base = person_columns | select('in', trig.trig_columns_of(ref('int_trig__person_attributes'))) | list -%}
{%- set concerned = 'select organisation_id from concerned_organisations' -%}

with new_transitions as (
    select * from {{ ref('trig_transitions') }}
    {%- if is_incremental() %}
    where evaluated_at > (select coalesce(max(evaluated_at), {{ trig.trig_timestamp_literal('1900-01-01 00:00:00') }}) from {{ this }})
    {%- endif %}
),

{#- attribute JSON is built only for the organisations concerned by new transitions -#}
concerned_organisations as (
    select distinct organisation_id from new_transitions
),

organisation_rows as (
    {{ trig.trig_attribute_rows_sql('organisation', used.organisation_rows, org_base, organisations=concerned) }}
),

{#- people by their organisation now: a lifecycle row keeps the organisation of its transition -#}
person_rows as (
    {{ trig.trig_attribute_rows_sql('person', used.person_rows, person_base, organisations=concerned) }}
),

actions as (
    select
        cast(null as {{ dbt.type_string() }}) as transition_id,
        cast(null as {{ dbt.type_int() }}) as action_index,
        cast(null as {{ dbt.type_string() }}) as action_type,
        cast(null as {{ trig.trig_type_text() }}) as action_config,
        cast(null as {{ dbt.type_string() }}) as recipient,
        cast(null as {{ dbt.type_string() }}) as person_id,
        cast(null as {{ trig.trig_type_text() }}) as message_attributes,
        cast(null as {{ dbt.type_boolean() }}) as is_shadow
    where 1 = 0
    {%- for item in planned %}
    {%- set d, r, entity_rows, message_columns = item.d, item.r, item.entity_rows, item.message_columns %}
    {%- set entity_key = 'organisation_id' if d.object.entity == 'organisation' else 'person_id' %}
    {%- set row_alias = 'p' if r.join else 'ent' %}
    union all
    select
        t.transition_id,
        {{ d.index }},
        '{{ d.action.type }}',
        {{ trig.trig_string_literal(tojson(d.action.config, sort_keys=true)) }},
        {{ r.sql }},
        {{ 'p.person_id' if r.join else ('ent.person_id' if d.object.entity == 'person' else 'cast(null as ' ~ dbt.type_string() ~ ')') }},
        {{ trig.trig_row_to_json(row_alias, message_columns) if message_columns else "'{}'" }},
        {{ 'true' if d.object.status == 'shadow' else 'false' }}
    from new_transitions as t
    {#- the recipient is the entity: one join of its row (two let DuckDB join every
        person to every person before it filters the transitions) #}
    {%- if r.join == 'person' %}
    inner join person_rows as p on p.person_id = t.entity_id
    {%- else %}
    inner join {{ entity_rows }} as ent on ent.{{ entity_key }} = t.entity_id
    {%- if r.join == 'people' %}
    inner join person_rows as p on p.organisation_id = t.entity_id
    {%- endif %}
    {%- endif %}
    where t.object_name = '{{ d.object.name }}'
        and t.transition_type = '{{ d.transition_type }}'
        and t.step = {{ d.step }}
    {%- endfor %}
)

select
    {{ trig.trig_md5(['a.transition_id', 'a.action_index', 'a.recipient']) }} as action_id,
    t.transition_id,
    t.object_name,
    t.object_kind,
    t.entity_type,
    t.entity_id,
    t.organisation_id,
    a.person_id,
    t.episode_number,
    t.transition_type,
    t.step,
    t.occurred_at,
    t.evaluated_at,
    a.action_index,
    a.action_type,
    a.action_config,
    a.recipient,
    case when a.action_type = 'email'
        then {{ trig.trig_md5(['t.object_name', 't.entity_type', 't.entity_id', 't.episode_number', 'a.recipient']) }}
    end as thread_key,
    a.message_attributes,
    a.is_shadow
from actions as a
inner join new_transitions as t on t.transition_id = a.transition_id
where a.recipient is not null
    and not coalesce(t.is_held_out, false) {#- holdouts live the timeline, unacted: docs/decisions/401-holdout-assignment.md -#}
