{#- One condition's running counts. The entities considered are those with matching
    events since the watermark and those already counted. Each gets its current anchor
    from the previous state; its count continues from the stored one when the anchor is
    unchanged, and is recounted from the anchor otherwise. A positive window ("at least
    n within d") keeps the first moment its window held n events after the anchor: a
    moment since the last count needs only the events since then plus one window
    before (ADR 006). `scanned_from` is where the evaluation's counts start (the
    watermark or the earliest moved anchor): each condition reads events from there,
    less its own window, so a batch's longest window does not widen every condition's
    scan. `events` is what it reads: the batch's CTE, or the evaluation's copy of the
    events when there is one (read directly, so the warehouse does not copy a month of
    events into a CTE once per batch; the copy already ends at T and starts before any
    condition's own bound). -#}
{% macro trig_progress_ctes(p, name, t, scanned_from, events='events') -%}
{%- set o, leaf = p.obj, p.leaf -%}
{%- set entity_column = 'organisation_id' if o.entity == 'organisation' else 'person_id' -%}
{%- set live_at = "(select live_at from objects_live where object_name = '" ~ o.name ~ "')" -%}
{{ name }}_matches as (
    select distinct e.{{ entity_column }} as entity_id, e.event_id, e.occurred_at
    from {{ events }} as e
    where e.event_name = {{ trig.trig_string_literal(leaf.event) }}
        and e.{{ entity_column }} is not null
        and e.occurred_at > {{ trig.trig_timestamp_literal(trig.trig_progress_batch_scan_from([p], scanned_from)) }}
    {%- if leaf.where %}
        and {{ trig.trig_property_filter_sql('e.properties', leaf.where) }}
    {%- endif %}
),
{{ name }}_existing as (
    {%- if is_incremental() %}
    select entity_id, anchor_at, event_count, reached_at
    from {{ this }} where leaf_key = {{ trig.trig_string_literal(p.key) }}
    {%- else %}
    select cast(null as {{ dbt.type_string() }}) as entity_id, cast(null as {{ dbt.type_timestamp() }}) as anchor_at,
        cast(null as {{ dbt.type_int() }}) as event_count, cast(null as {{ dbt.type_timestamp() }}) as reached_at
    where 1 = 0
    {%- endif %}
),
{#- who may need a (new or continued) count: matches since the watermark, or counted before -#}
{{ name }}_fresh as (
    select distinct entity_id from {{ name }}_matches where occurred_at > (select counted_through from watermark)
),
{{ name }}_entities as (
    select entity_id from {{ name }}_fresh
    {{ trig.trig_union_distinct() }}
    select entity_id from {{ name }}_existing
),
{{ name }}_rows as (
    select
        s.entity_id,
        a.anchor_at,
        case when x.anchor_at = a.anchor_at then x.event_count else 0 end as base_count,
        case when x.anchor_at = a.anchor_at then x.reached_at end as base_reached_at,
        case when x.anchor_at = a.anchor_at
            then (select counted_through from watermark) else a.anchor_at end as counted_from
    from {{ name }}_entities as s
    inner join (
        {%- if p.context == 'entry' %}
        select entities.entity_id,
            {{ trig.trig_entry_anchor_sql(o, 'ps', live_at) }} as anchor_at
        from {{ name }}_entities as entities
        left join (select * from prev_state where object_name = '{{ o.name }}') as ps on ps.entity_id = entities.entity_id
        where ps.entity_id is null or not ps.is_open
        {%- else %}
        select entity_id, entered_at as anchor_at
        from prev_state
        where object_name = '{{ o.name }}' and is_open
        {%- endif %}
    ) as a on a.entity_id = s.entity_id
    left join {{ name }}_existing as x on x.entity_id = s.entity_id
    left join {{ name }}_fresh as f on f.entity_id = s.entity_id
    where a.anchor_at is not null and {{ t }} > (select counted_through from watermark)
        {#- an unchanged anchor that no new event reaches keeps its stored row #}
        and (f.entity_id is not null or not coalesce(x.anchor_at = a.anchor_at, false))
),
{{ name }}_ranked as (
    select r.*, m.event_id, m.occurred_at,
        row_number() over (partition by r.entity_id order by m.occurred_at, m.event_id) as event_rank
        {%- if leaf.within_s is not none %},
        lag(m.occurred_at, {{ leaf.n - 1 }}) over (partition by r.entity_id order by m.occurred_at, m.event_id) as window_start_at
        {%- endif %}
    from {{ name }}_rows as r
    left join {{ name }}_matches as m
        on m.entity_id = r.entity_id
        and m.occurred_at > r.anchor_at
        {%- if leaf.within_s is not none %}
        {#- a window completed since the last count starts at most one window before it #}
        and m.occurred_at > {{ dbt.dateadd('second', -leaf.within_s, 'r.counted_from') }}
        and m.occurred_at > (select {{ dbt.dateadd('second', -leaf.within_s, 'min(counted_from)') }} from {{ name }}_rows)
        {%- else %}
        and m.occurred_at > r.counted_from
        and m.occurred_at > (select min(counted_from) from {{ name }}_rows)
        {%- endif %}
),
{{ name }}_result as (
    select
        {{ trig.trig_string_literal(p.key ~ '|') }} || entity_id as progress_key,
        {{ trig.trig_string_literal(p.key) }} as leaf_key,
        entity_id,
        anchor_at,
        {%- if leaf.within_s is not none %}
        base_count + count(case when occurred_at > counted_from then occurred_at end) as event_count,
        coalesce(base_reached_at, min(case when window_start_at > {{ dbt.dateadd('second', -leaf.within_s, 'occurred_at') }} then occurred_at end)) as reached_at
        {%- else %}
        base_count + count(occurred_at) as event_count,
        coalesce(base_reached_at, max(case when occurred_at is not null and base_count + event_rank = {{ [leaf.n, 1] | max }} then occurred_at end)) as reached_at
        {%- endif %}
    from {{ name }}_ranked
    group by entity_id, anchor_at, base_count, base_reached_at
),
{%- endmacro %}
