{{ config(materialized='incremental', unique_key='transition_id', incremental_strategy=trig.trig_upsert_strategy()) }}
-- depends_on: {{ ref('int_trig__organisation_attributes') }}
-- depends_on: {{ ref('int_trig__person_attributes') }}
-- depends_on: {{ ref('trig_organisation_attributes') }}
-- depends_on: {{ ref('trig_person_attributes') }}
-- depends_on: {{ ref('stg_trig__events') }}
-- depends_on: {{ ref('int_trig__objects') }}
{#- Why did this entity enter? One row per `entered` transition of a job, stage,
    objective or behaviour with entry criteria: the values of the attributes its
    audience (and exclusions) name, and the counts of the events its event conditions
    name, as of the evaluation that found the entry (attributes_as_of = T; counts of
    events after go-live, or inside the condition's window, up to the entry time).
    Appended once per entry (docs/decisions/502-entry-explanations.md). -#}
{%- set t = trig.trig_t() -%}
{%- set string = dbt.type_string() -%}
{%- set explained = [] -%}
{#- what the shared CTEs read: the explained objects, the event names their counts read
    (both as literals) and, per entity type, the attribute columns any of them names -#}
{%- set object_names = [] -%}
{%- set counted = [] -%}
{%- set needed = {} -%}
{%- set objects = trig.trig_objects() -%}
{%- set bases = {'organisation': trig.trig_catalog_base('organisation', objects=objects), 'person': trig.trig_catalog_base('person', objects=objects)} if execute else {} -%}
{%- for obj in objects if obj.kind != 'cohort' and obj.entry is not none -%}
  {%- set ctx = trig.trig_catalog_context(obj.name, obj.entity, prefix='x' ~ loop.index ~ '_', objects=objects, base=bases[obj.entity]) -%}
  {%- set tree = trig.trig_normalize_criteria(obj.entry, ctx, 'entry') -%}
  {%- set exclusions = trig.trig_normalize_criteria(obj.exclusions, ctx, 'exclusions') if obj.exclusions else none -%}
  {%- set columns = trig.trig_preview_attribute_columns(tree) -%}
  {%- for column in trig.trig_preview_attribute_columns(exclusions) if column not in columns -%}{%- do columns.append(column) -%}{%- endfor -%}
  {%- do explained.append({'obj': obj, 'columns': columns, 'leaves': ctx.leaves}) -%}
  {%- do object_names.append(trig.trig_string_literal(obj.name)) -%}
  {%- for leaf in ctx.leaves -%}
    {%- set name = trig.trig_string_literal(leaf.event) -%}
    {%- if name not in counted -%}{%- do counted.append(name) -%}{%- endif -%}
  {%- endfor -%}
  {%- set wanted = needed.setdefault(obj.entity, []) -%}
  {%- for column in columns if column not in wanted -%}{%- do wanted.append(column) -%}{%- endfor -%}
{%- endfor %}

with entered as (
    select * from {{ ref('trig_transitions') }} as tr
    where transition_type = 'entered'
        and {{ 'tr.object_name in (' ~ object_names | join(', ') ~ ')' if object_names else '1 = 0' }}
    {#- an evaluation's entries are explained in the build that appends them, so only
        evaluations from the newest one explained on can hold unexplained entries #}
    {%- if is_incremental() %}
        and tr.evaluated_at >= (select coalesce(max(evaluated_at), {{ trig.trig_timestamp_literal('1900-01-01 00:00:00') }}) from {{ this }})
        and not exists (select 1 from {{ this }} as done where done.transition_id = tr.transition_id)
    {%- endif %}
),

{#- the events of the entered entities only, read once for every object's counts: an
    organisation's for its own entries, a person's for theirs (not every event of a
    person's organisation) -#}
entered_events as (
    select ev.* from {{ ref('stg_trig__events') }} as ev
    where {{ 'ev.event_name in (' ~ counted | join(', ') ~ ')' if counted else '1 = 0' }}
        and (cast(ev.organisation_id as {{ string }}) in (select entity_id from entered where entity_type = 'organisation')
            or cast(ev.person_id as {{ string }}) in (select entity_id from entered where entity_type = 'person'))
),

{#- the wide attribute rows of the entered entities, read once (with only the columns
    named) instead of once per object: the wide views pivot every generated attribute -#}
{%- for entity, columns in needed.items() %}
entered_{{ entity }}_rows as (
    select
        cast(a.{{ entity }}_id as {{ string }}) as trig_entity_id
        {%- for column in columns %},
        a.{{ column }}
        {%- endfor %}
    from {{ ref('trig_organisation_attributes') if entity == 'organisation' else ref('trig_person_attributes') }} as a
    where cast(a.{{ entity }}_id as {{ string }}) in (select entity_id from entered where entity_type = {{ trig.trig_string_literal(entity) }})
),
{%- endfor %}

explanations as (
    select
        cast(null as {{ dbt.type_string() }}) as transition_id,
        cast(null as {{ dbt.type_string() }}) as attribute_values,
        cast(null as {{ dbt.type_string() }}) as event_counts
    where 1 = 0
{%- for item in explained %}
  {%- set obj = item.obj -%}
  {%- set key = obj.entity ~ '_id' -%}
  {%- set names = trig.trig_explanation_count_names(item.leaves) %}
    union all
    select
        e.transition_id,
        {{ trig.trig_row_to_json('a', item.columns) if item.columns else "'{}'" }},
        {{ trig.trig_row_to_json('c', names) if names else "'{}'" }}
    from entered as e
    inner join entered_{{ obj.entity }}_rows as a on a.trig_entity_id = e.entity_id
    {%- if names %}
    inner join (
        select e.transition_id
        {%- for leaf in item.leaves %},
            sum(case when ev.event_name = {{ trig.trig_string_literal(leaf.event) }}
                {%- for prop, value in leaf.where.items() %}
                and {{ trig.trig_json_extract_string('ev.properties', prop) }} = {{ trig.trig_string_literal(value | string | lower if (value is sameas true or value is sameas false) else value) }}
                {%- endfor %}
                and ev.occurred_at > {{ dbt.dateadd('second', -leaf.within_s, 'e.occurred_at') if leaf.within_s is not none else 'coalesce(o.live_at, e.occurred_at)' }}
                then 1 else 0 end) as {{ names[loop.index0] }}
        {%- endfor %}
        from entered as e
        left join (
            select object_name, coalesce(live_from, first_evaluated_at) as live_at from {{ ref('int_trig__objects') }}
        ) as o on o.object_name = e.object_name
        left join entered_events as ev
            on cast(ev.{{ key }} as {{ dbt.type_string() }}) = e.entity_id and ev.occurred_at <= e.occurred_at
        where e.object_name = {{ trig.trig_string_literal(obj.name) }}
        group by e.transition_id
    ) as c on c.transition_id = e.transition_id
    {%- endif %}
    where e.object_name = {{ trig.trig_string_literal(obj.name) }}
{%- endfor %}
)

select
    e.transition_id,
    e.object_name,
    e.object_kind,
    e.entity_type,
    e.entity_id,
    e.organisation_id,
    e.episode_number,
    e.occurred_at as entered_at,
    e.evaluated_at,
    e.cause,
    {{ t }} as attributes_as_of,
    x.attribute_values,
    x.event_counts
from entered as e
inner join explanations as x on x.transition_id = e.transition_id
