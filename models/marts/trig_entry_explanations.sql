{{ config(materialized='incremental', unique_key='transition_id', incremental_strategy=trig.trig_upsert_strategy(), pre_hook=["{{ trig.trig_planner_hints(['common_subplan']) }}"], post_hook=["{{ trig.trig_reset_planner_hints() }}"]) }}
-- depends_on: {{ ref('int_trig__organisation_attributes') }}
-- depends_on: {{ ref('int_trig__person_attributes') }}
-- depends_on: {{ ref('stg_trig__events') }}
-- depends_on: {{ ref('stg_trig__people') }}
-- depends_on: {{ ref('stg_trig__organisations') }}
-- depends_on: {{ ref('int_trig__objects') }}
-- depends_on: {{ ref('int_trig__object_status') }}
-- depends_on: {{ ref('int_trig__event_progress') }}
-- depends_on: {{ ref('trig_episodes') }}
-- depends_on: {{ ref('trig_lifecycle_attributes') }}
{#- Why did this entity enter? One row per `entered` transition of a job, stage,
    objective or behaviour with entry criteria: the values of the attributes its
    audience (and exclusions) name, and the counts of the events its event conditions
    name, as of the evaluation that found the entry (attributes_as_of = T). An event
    condition counts what the engine counted: the events since the entry's anchor (go-live,
    or the end of the previous episode plus any cool-down; an objective's, go-live) up
    to the entry time, or those inside its window. Appended once per entry
    (docs/decisions/502-entry-explanations.md).
    Counts since an anchor older than the entries read the running count the engine
    keeps (int_trig__event_progress) less the events after the entry, so an evaluation
    reads the recent events only, not each entered entity's history; the history is read
    for the entries whose anchor the running counts do not hold (a full build's earlier
    episodes, objectives). -#}
{%- set t = trig.trig_t() -%}
{%- set string = dbt.type_string() -%}
{%- set explained = [] -%}
{#- what the shared CTEs read: the explained objects, the event names their counts read
    (both as literals) and, per entity type, the attribute columns any of them names -#}
{%- set object_names = [] -%}
{%- set counted = [] -%}
{%- set needed = {} -%}
{%- set widest = {'s': 0} -%}
{%- set objects = trig.trig_objects() -%}
{%- set running_keys = trig.trig_progress_leaves(trig.trig_evaluation_plan()) | map(attribute='key') | list if execute else [] -%}
{%- set bases = {'organisation': trig.trig_catalog_base('organisation', objects=objects), 'person': trig.trig_catalog_base('person', objects=objects)} if execute else {} -%}
{%- for obj in objects if obj.kind != 'cohort' and obj.entry is not none -%}
  {%- set ctx = trig.trig_catalog_context(obj.name, obj.entity, prefix='x' ~ loop.index ~ '_', objects=objects, base=bases[obj.entity]) -%}
  {%- set tree = trig.trig_normalize_criteria(obj.entry, ctx, 'entry') -%}
  {%- set exclusions = trig.trig_normalize_criteria(obj.exclusions, ctx, 'exclusions') if obj.exclusions else none -%}
  {%- set columns = trig.trig_preview_attribute_columns(tree) -%}
  {%- for column in trig.trig_preview_attribute_columns(exclusions) if column not in columns -%}{%- do columns.append(column) -%}{%- endfor -%}
  {#- each count: inside a window, from a running count, or from the history -#}
  {%- set counts = [] -%}
  {%- for leaf in ctx.leaves -%}
    {%- set key = trig.trig_leaf_key(obj, 'entry', leaf) -%}
    {%- set source = 'window' if leaf.within_s is not none else ('running' if obj.kind != 'objective' and key in running_keys else 'history') -%}
    {%- do counts.append({'leaf': leaf, 'source': source, 'key': key}) -%}
    {%- if leaf.within_s is not none and leaf.within_s > widest.s -%}{%- do widest.update({'s': leaf.within_s}) -%}{%- endif -%}
  {%- endfor -%}
  {%- do explained.append({'obj': obj, 'columns': columns, 'counts': counts, 'names': trig.trig_explanation_count_names(ctx.leaves),
      'history': counts | selectattr('source', 'equalto', 'history') | list | length > 0,
      'anchored': counts | rejectattr('source', 'equalto', 'window') | list | length > 0, 'events': []}) -%}
  {%- do object_names.append(trig.trig_string_literal(obj.name)) -%}
  {%- for leaf in ctx.leaves -%}
    {%- set name = trig.trig_string_literal(leaf.event) -%}
    {%- if name not in counted -%}{%- do counted.append(name) -%}{%- endif -%}
    {%- if name not in explained[-1].events -%}{%- do explained[-1].events.append(name) -%}{%- endif -%}
  {%- endfor -%}
  {%- set wanted = needed.setdefault(obj.entity, []) -%}
  {%- for column in columns if column not in wanted -%}{%- do wanted.append(column) -%}{%- endfor -%}
{%- endfor %}
{#- the entries still to explain: an evaluation's entries are explained in the build that
    appends them, so only evaluations from the newest one explained on can hold any -#}
{%- set unexplained -%}
    transition_type = 'entered'
        and {{ 'tr.object_name in (' ~ object_names | join(', ') ~ ')' if object_names else '1 = 0' }}
    {%- if is_incremental() %}
        and tr.evaluated_at >= (select coalesce(max(evaluated_at), {{ trig.trig_timestamp_literal('1900-01-01 00:00:00') }}) from {{ this }})
        and not exists (select 1 from {{ this }} as done where done.transition_id = tr.transition_id)
    {%- endif %}
{%- endset -%}
{#- the recent events start one window before the earliest transition of the evaluations
    holding entries to explain: every window, every event after an entry, and every
    event after an anchor those evaluations moved (an episode they ended, which the
    running counts do not hold yet) lies after it -#}
{%- set earliest = trig.trig_scalar_timestamp('select min(all_tr.occurred_at) from ' ~ ref('trig_transitions') ~ ' as all_tr where all_tr.evaluated_at >= (select min(tr.evaluated_at) from ' ~ ref('trig_transitions') ~ ' as tr where ' ~ unexplained ~ ')') if execute and object_names else none -%}
{%- set recent_from = trig.trig_shift_timestamp(earliest, -widest.s) if earliest is not none else none -%}
{%- set recent_literal = trig.trig_timestamp_literal(recent_from) if recent_from is not none else t  %}

with entered as (
    select * from {{ ref('trig_transitions') }} as tr
    where {{ unexplained }}
),

objects_live as (
    {{ trig.trig_objects_live_sql() }}
),

{#- per explained object: its re-entry cool-down, and whether its counts start at go-live
    (objectives: their anchor is their stage's episode) -#}
explained_objects as (
    select cast(null as {{ string }}) as object_name, cast(null as {{ dbt.type_bigint() }}) as cooldown_s,
        cast(null as {{ dbt.type_boolean() }}) as from_go_live
    where 1 = 0
    {%- for item in explained if item.anchored %}
    union all
    select {{ trig.trig_string_literal(item.obj.name) }},
        {{ trig.trig_reentry_cooldown_s(item.obj) }},
        {{ 'true' if item.obj.kind == 'objective' else 'false' }}
    {%- endfor %}
),

{#- each entry's anchor, where the engine started counting its entry events: go-live, or
    the end of the entity's previous episode plus the cool-down, whichever is later (as
    trig_entry_anchor_sql). One join for every object: a join per object makes DuckDB
    push an `or` of every object name down to the state scan. -#}
{%- set ended = trig.trig_progress_entry_end_sql('p', 'o.cooldown_s') %}
anchored as (
    select e.transition_id, e.object_name, e.entity_id, e.occurred_at as entry_at,
        coalesce(case
            when o.from_go_live then l.live_at
            when coalesce({{ ended }}, l.live_at) > l.live_at then {{ ended }}
            else l.live_at
        end, e.occurred_at) as anchor_at
    from entered as e
    inner join explained_objects as o on o.object_name = e.object_name
    left join objects_live as l on l.object_name = e.object_name
    left join {{ ref('trig_episodes') }} as p
        on p.object_name = e.object_name and p.entity_id = e.entity_id and p.episode_number = e.episode_number - 1
),

running as (
    select leaf_key, entity_id, anchor_at, event_count from {{ ref('int_trig__event_progress') }}
    where entity_id in (select entity_id from entered)
),

{%- for item in explained %}
  {%- set obj, i = item.obj, loop.index %}
{#- {{ obj.name }}: each entry's anchor, the running counts, and where its counts come from -#}
x{{ i }}_entries as (
    select
        e.transition_id,
        e.entity_id,
        e.occurred_at as entry_at,
        {%- if item.anchored %}
        a.anchor_at
        {%- else %}
        e.occurred_at as anchor_at
        {%- endif %}
        {%- for c in item.counts if c.source == 'running' %},
        r{{ loop.index }}.anchor_at as r{{ loop.index }}_anchor_at,
        r{{ loop.index }}.event_count as r{{ loop.index }}_count
        {%- endfor %}
    from entered as e
    {%- if item.anchored %}
    inner join anchored as a on a.transition_id = e.transition_id
    {%- endif %}
    {%- for c in item.counts if c.source == 'running' %}
    left join running as r{{ loop.index }} on r{{ loop.index }}.leaf_key = {{ trig.trig_string_literal(c.key) }} and r{{ loop.index }}.entity_id = e.entity_id
    {%- endfor %}
    where e.object_name = {{ trig.trig_string_literal(obj.name) }}
),
x{{ i }}_sourced as (
    select x.*,
        case
            when x.anchor_at >= {{ recent_literal }} then 'recent'
            {%- if item.history %}
            else 'history'
            {%- else %}
            {%- for c in item.counts if c.source == 'running' %}
            when x.r{{ loop.index }}_anchor_at <> x.anchor_at then 'history'
            {%- endfor %}
            else 'running'
            {%- endif %}
        end as counted_from
    from x{{ i }}_entries as x
),
{%- endfor %}

{#- the events that can count, read once for every object: those of the entered
    entities since the earliest entry's window (the entity's own: an organisation's for
    its entries, a person's for theirs), and the whole history of the entities whose
    entries need it (usually none). An event delivered twice counts once, as in the
    engine's counts. -#}
entered_organisations as (
    select entity_id from entered where entity_type = 'organisation'
),

entered_people as (
    select entity_id from entered where entity_type = 'person'
),

{#- whose events can belong to an entered entity: the entered people and the people of
    entered organisations (events without an organisation take their person's) -#}
people_of_interest as (
    select entity_id from entered_people
    union all
    select cast(people.person_id as {{ string }})
    from {{ trig.trig_people_of_known_organisations() }} as people
    where cast(people.organisation_id as {{ string }}) in (select entity_id from entered_organisations)
),

recent_events as (
    select * from (
        select recent.*, row_number() over (partition by event_id, occurred_at order by event_name) as copy_number
        from (
            select ev.event_id, ev.event_name, ev.occurred_at, ev.properties,
                cast(coalesce(ev.organisation_id, people.organisation_id) as {{ string }}) as organisation_key,
                cast(ev.person_id as {{ string }}) as person_key
            from {{ ref('stg_trig__events') }} as ev
            left join {{ trig.trig_people_of_known_organisations() }} as people on people.person_id = ev.person_id
            where {{ 'ev.event_name in (' ~ counted | join(', ') ~ ')' if counted else '1 = 0' }}
                and ev.occurred_at <= {{ t }}
                and ev.occurred_at > {{ recent_literal }}
                {#- on the event's own columns first, so that only the entered entities'
                    events meet the people (a month of events otherwise) -#}
                and (cast(ev.organisation_id as {{ string }}) in (select entity_id from entered_organisations)
                    or cast(ev.person_id as {{ string }}) in (select entity_id from people_of_interest))
                and (cast(coalesce(ev.organisation_id, people.organisation_id) as {{ string }}) in (select entity_id from entered_organisations)
                    or cast(ev.person_id as {{ string }}) in (select entity_id from entered_people))
        ) as recent
    ) as numbered where copy_number = 1
),

history_entities as (
    select cast(null as {{ string }}) as entity_type, cast(null as {{ string }}) as entity_id where 1 = 0
    {%- for item in explained if item.anchored %}
    {{ trig.trig_union_distinct() }}
    select {{ trig.trig_string_literal(item.obj.entity) }}, entity_id from x{{ loop.index }}_sourced where counted_from = 'history'
    {%- endfor %}
),

{#- one semi-join per entity type (not an `or`), so that when no entity needs it the
    events are not scanned at all; a person's events need no organisation filled in -#}
history_events as (
    select * from (
        select history.*, row_number() over (partition by keyed_by, event_id, occurred_at order by event_name) as copy_number
        from (
            select 'organisation' as keyed_by, ev.event_id, ev.event_name, ev.occurred_at, ev.person_id, ev.organisation_id, ev.properties
            from {{ trig.trig_events_with_organisation() }} as ev
            where {{ 'ev.event_name in (' ~ counted | join(', ') ~ ')' if counted else '1 = 0' }}
                and ev.occurred_at <= {{ t }}
                and cast(ev.organisation_id as {{ string }}) in (select entity_id from history_entities where entity_type = 'organisation')
            union all
            select 'person' as keyed_by, ev.event_id, ev.event_name, ev.occurred_at, ev.person_id, ev.organisation_id, ev.properties
            from {{ ref('stg_trig__events') }} as ev
            where {{ 'ev.event_name in (' ~ counted | join(', ') ~ ')' if counted else '1 = 0' }}
                and ev.occurred_at <= {{ t }}
                and cast(ev.person_id as {{ string }}) in (select entity_id from history_entities where entity_type = 'person')
        ) as history
    ) as numbered where copy_number = 1
),

{#- the attribute rows of the entered entities, read once (with only the columns named)
    instead of once per object, and only their own generated attributes pivoted: the wide
    views pivot every entity's (trig_attribute_rows_sql) -#}
{%- for entity, columns in needed.items() %}
  {%- set entered_ids = 'select entity_id from entered where entity_type = ' ~ trig.trig_string_literal(entity) %}
  {%- set base = columns | select('in', trig.trig_columns_of(ref('int_trig__' ~ entity ~ '_attributes'))) | list %}
entered_{{ entity }}_rows as (
    select
        a.{{ entity }}_id as trig_entity_id
        {%- for column in columns %},
        a.{{ column }}
        {%- endfor %}
    from (
        {{ trig.trig_attribute_rows_sql(entity, columns, [entity ~ '_id'] + base | reject('equalto', entity ~ '_id') | list,
            organisations=entered_ids if entity == 'organisation' else none, people=entered_ids if entity == 'person' else none) }}
    ) as a
),
{%- endfor %}

explanations as (
    select
        cast(null as {{ string }}) as transition_id,
        cast(null as {{ string }}) as attribute_values,
        cast(null as {{ string }}) as event_counts
    where 1 = 0
{%- for item in explained %}
  {%- set obj, i = item.obj, loop.index %}
  {%- set key = obj.entity ~ '_id' %}
    union all
    select
        x.transition_id,
        {{ trig.trig_row_to_json('a', item.columns) if item.columns else "'{}'" }},
        {{ trig.trig_row_to_json('n', item.names) if item.names else "'{}'" }}
    from x{{ i }}_sourced as x
    inner join entered_{{ obj.entity }}_rows as a on a.trig_entity_id = x.entity_id
    {%- if item.names %}
    inner join (
        select x.transition_id
        {%- for c in item.counts %}
          {%- set running = item.counts[:loop.index] | selectattr('source', 'equalto', 'running') | list | length %},
            {%- if c.source == 'window' %}
            coalesce(max(w.c{{ loop.index }}), 0)
            {%- else %}
            case x.counted_from
                when 'recent' then coalesce(max(w.c{{ loop.index }}), 0)
                when 'history' then coalesce(max(h.c{{ loop.index }}), 0)
                {%- if c.source == 'running' %}
                {#- a late event after the entry that the running count missed must not
                    make it negative #}
                else case when coalesce(max(x.r{{ running }}_count), 0) > coalesce(max(w.after{{ loop.index }}), 0)
                    then coalesce(max(x.r{{ running }}_count), 0) - coalesce(max(w.after{{ loop.index }}), 0) else 0 end
                {%- endif %}
            end
            {%- endif %} as {{ item.names[loop.index0] }}
        {%- endfor %}
        from x{{ i }}_sourced as x
        left join (
            select x.transition_id
            {%- for c in item.counts %}
              {%- set match = trig.trig_explanation_event_match(c.leaf, 'ev') %}
              {%- set lower = dbt.dateadd('second', -c.leaf.within_s, 'x.entry_at') if c.source == 'window' else 'x.anchor_at' %},
                sum(case when {{ match }} and ev.occurred_at > {{ lower }} and ev.occurred_at <= x.entry_at then 1 else 0 end) as c{{ loop.index }}
                {%- if c.source == 'running' %},
                sum(case when {{ match }} and ev.occurred_at > x.entry_at then 1 else 0 end) as after{{ loop.index }}
                {%- endif %}
            {%- endfor %}
            from x{{ i }}_sourced as x
            {#- the object's own events only: the recent events of every entered entity
                are many more than one object's entries need #}
            inner join recent_events as ev
                on ev.{{ obj.entity }}_key = x.entity_id
                and ev.event_name in ({{ item.events | join(', ') }})
            group by x.transition_id
        ) as w on w.transition_id = x.transition_id
        {%- if item.anchored %}
        left join (
            select x.transition_id
            {%- for c in item.counts %}
                {%- set match = trig.trig_explanation_event_match(c.leaf, 'ev') %},
                sum(case when {{ match }} and ev.occurred_at > x.anchor_at and ev.occurred_at <= x.entry_at then 1 else 0 end) as c{{ loop.index }}
            {%- endfor %}
            from x{{ i }}_sourced as x
            inner join history_events as ev
                on ev.keyed_by = {{ trig.trig_string_literal(obj.entity) }} and cast(ev.{{ key }} as {{ string }}) = x.entity_id
            where x.counted_from = 'history'
            group by x.transition_id
        ) as h on h.transition_id = x.transition_id
        {%- endif %}
        group by x.transition_id, x.counted_from
    ) as n on n.transition_id = x.transition_id
    {%- endif %}
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
