{#- The running counts of every forward condition at T in one statement, whatever the
    number of objects (ADR 013, "leaves by joins"): the conditions are rows of a small
    table (trig_create_progress_conditions), joined to the events on event name (the
    windowed conditions to their windows' events, the others to the new events), so
    the SQL does not grow with the objects. Counts the same
    rows as trig_event_progress_batch_sql, condition by condition: see
    trig_progress_ctes for what each step means. Conditions are joined by a number
    (`leaf_id`), their key added at the end. An event read twice (the same id and time)
    counts once: events are ranked with `dense_rank`, and a count is a difference of
    ranks, so duplicates need no `distinct` over every matched event. `conditions` is
    the table's relation; `filters`, its distinct property filters
    (trig_progress_filter_groups). -#}
{% macro trig_event_progress_set_sql(leaves, filters, conditions, t, scanned_from) -%}
with
{{ trig.trig_progress_watermark_ctes() }}
{#- One join per group of conditions, each over the events its group needs: a condition
    without a window counts only the events since the last count, so joining it to the
    month a windowed condition re-reads would make every such event meet every condition
    on its name, to be filtered out one pair at a time. -#}
{%- set windowed = leaves | rejectattr('leaf.within_s', 'none') | list %}
{%- set unwindowed = leaves | selectattr('leaf.within_s', 'none') | list %}
matches as (
    {%- for group, window_s_is in [(windowed, 'not null'), (unwindowed, 'null')] if group %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select
        c.leaf_id,
        case when c.entity_type = 'organisation' then e.organisation_id else e.person_id end as entity_id,
        e.event_id,
        e.occurred_at
    from {{ trig.trig_events_with_organisation() }} as e
    inner join {{ conditions }} as c
        on c.event_name = e.event_name
        and e.occurred_at > c.scan_from
    where e.occurred_at <= {{ t }}
        and e.occurred_at > {{ trig.trig_timestamp_literal(trig.trig_progress_batch_scan_from(group, scanned_from)) }}
        and c.window_s is {{ window_s_is }}
        and (case when c.entity_type = 'organisation' then e.organisation_id else e.person_id end) is not null
    {%- if filters %}
        and case c.filter_id
        {%- for where in filters %}
            when {{ loop.index }} then {{ trig.trig_property_filter_sql('e.properties', where) }}
        {%- endfor %}
            else true end
    {%- endif %}
    {%- endfor %}
),
existing as (
    {%- if is_incremental() %}
    select c.leaf_id, x.entity_id, x.anchor_at, x.event_count, x.reached_at
    from {{ this }} as x
    inner join {{ conditions }} as c on c.leaf_key = x.leaf_key
    {%- else %}
    select cast(null as {{ dbt.type_bigint() }}) as leaf_id, cast(null as {{ dbt.type_string() }}) as entity_id,
        cast(null as {{ dbt.type_timestamp() }}) as anchor_at, cast(null as {{ dbt.type_int() }}) as event_count,
        cast(null as {{ dbt.type_timestamp() }}) as reached_at
    where 1 = 0
    {%- endif %}
),
fresh as (
    select distinct leaf_id, entity_id from matches where occurred_at > (select counted_through from watermark)
),
{#- every (condition, entity) with a stored count or a new event, with both: one join
    rather than a distinct union joined back to each -#}
entities as (
    select
        coalesce(x.leaf_id, f.leaf_id) as leaf_id,
        coalesce(x.entity_id, f.entity_id) as entity_id,
        x.anchor_at as stored_anchor_at,
        x.event_count as stored_count,
        x.reached_at as stored_reached_at,
        f.entity_id is not null as has_new_events
    from existing as x
    full outer join fresh as f on f.leaf_id = x.leaf_id and f.entity_id = x.entity_id
),
{#- the anchor of each (condition, entity): see trig_entry_anchor_sql -#}
anchors as (
    select s.*,
        case when coalesce({{ trig.trig_progress_entry_end_sql() }}, l.live_at) > l.live_at
            then {{ trig.trig_progress_entry_end_sql() }} else l.live_at end as anchor_at
    from entities as s
    inner join {{ conditions }} as c on c.leaf_id = s.leaf_id and c.context = 'entry'
    left join objects_live as l on l.object_name = c.object_name
    left join prev_state as ps on ps.object_name = c.object_name and ps.entity_id = s.entity_id
    where ps.entity_id is null or not ps.is_open
    union all
    select s.*, ps.entered_at as anchor_at
    from entities as s
    inner join {{ conditions }} as c on c.leaf_id = s.leaf_id and c.context = 'episode'
    inner join prev_state as ps on ps.object_name = c.object_name and ps.entity_id = s.entity_id
    where ps.is_open
),
counted_rows as (
    select
        leaf_id,
        entity_id,
        anchor_at,
        case when stored_anchor_at = anchor_at then stored_count else 0 end as base_count,
        case when stored_anchor_at = anchor_at then stored_reached_at end as base_reached_at,
        case when stored_anchor_at = anchor_at
            then (select counted_through from watermark) else anchor_at end as counted_from
    from anchors
    where anchor_at is not null and {{ t }} > (select counted_through from watermark)
        {#- a stored count whose anchor held and that no new event reaches is already
            right: it is not rewritten (most rows, on a steady day) #}
        and (has_new_events or not coalesce(stored_anchor_at = anchor_at, false))
),
{#- a window completed since the last count starts at most one window before it -#}
ranked as (
    select r.*, c.window_s, c.reach_n, m.event_id, m.occurred_at,
        dense_rank() over (partition by r.leaf_id, r.entity_id order by m.occurred_at, m.event_id) as event_rank
    from counted_rows as r
    inner join {{ conditions }} as c on c.leaf_id = r.leaf_id
    left join matches as m
        on m.leaf_id = r.leaf_id
        and m.entity_id = r.entity_id
        and m.occurred_at > r.anchor_at
        and m.occurred_at > {{ dbt.dateadd('second', '-coalesce(c.window_s, 0)', 'r.counted_from') }}
),
{#- "n within d": the event n - 1 places earlier, where the window ending here starts -#}
windowed as (
    select r.*, w.occurred_at as window_start_at
    from ranked as r
    left join ranked as w
        on r.window_s is not null
        and w.leaf_id = r.leaf_id
        and w.entity_id = r.entity_id
        and w.event_rank = r.event_rank - r.reach_n + 1
)

select
    c.leaf_key || '|' || w.entity_id as progress_key,
    c.leaf_key,
    w.entity_id,
    w.anchor_at,
    w.event_count,
    w.reached_at,
    {{ t }} as counted_through
from (
select
    leaf_id,
    entity_id,
    anchor_at,
    base_count + coalesce(max(case when occurred_at is not null then event_rank end), 0)
        - coalesce(max(case when occurred_at <= counted_from then event_rank end), 0) as event_count,
    coalesce(base_reached_at, case when window_s is null
        then max(case when occurred_at is not null and base_count + event_rank = reach_n then occurred_at end)
        else min(case when window_start_at > {{ dbt.dateadd('second', '-window_s', 'occurred_at') }} then occurred_at end)
    end) as reached_at
from windowed
group by leaf_id, entity_id, anchor_at, base_count, base_reached_at, window_s, reach_n
) as w
inner join {{ conditions }} as c on c.leaf_id = w.leaf_id
{%- endmacro %}

{#- When the entity's previous episode (`previous`) ended, plus the re-entry cool-down (a
    column, `cooldown`): the start of an entry anchor (trig_entry_anchor_sql) when the
    cool-down is a column rather than the object's (the conditions table, the entry
    explanations). -#}
{% macro trig_progress_entry_end_sql(previous='ps', cooldown='c.cooldown_s') -%}
  {{ dbt.dateadd('second', cooldown, 'coalesce(' ~ previous ~ '.completed_at, ' ~ previous ~ '.exited_at)') }}
{%- endmacro %}

{#- The distinct property filters of the conditions, in order: a condition's
    `filter_id` is its filter's place in this list (0: no filter). -#}
{% macro trig_progress_filter_groups(leaves) -%}
  {%- set groups = [] -%}
  {%- for p in leaves if p.leaf.where and p.leaf.where not in groups -%}
    {%- do groups.append(p.leaf.where) -%}
  {%- endfor -%}
  {{ return(groups) }}
{%- endmacro %}
