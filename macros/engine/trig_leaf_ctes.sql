{#- One CTE per event leaf: for each anchor row (an entity, or an entity's episode),
    the number of matching events after the anchor (or inside the leaf's window) up to
    T, and the time the condition was reached.
    With `progress` ({obj, context}), results of forward conditions for anchors that come
    from the previous state are read from int_trig__event_progress (running results);
    anchors set by this evaluation (new episodes) are counted from the events: from the
    events since the previous evaluation when the entry is after it, from the entity's
    history when a late-found entry is stamped before it (ADR 005; only objects whose
    entry has event conditions can be entered late: `progress.late`). Absence and upper
    bound windows are counted over the window before T. -#}
{% macro trig_leaf_ctes(leaves, anchors, keys, entity_column, t, progress=none) -%}
  {%- set previous = trig.trig_timestamp_literal(trig.trig_new_episode_scan_from()) -%}
  {#- inline, not a shared CTE (which PostgreSQL would materialise in full): joined to
      the few late-found episodes only -#}
  {%- set history = '(select * from ' ~ trig.trig_events_with_organisation() ~ ' as all_events where occurred_at <= ' ~ t ~ ')' -%}
  {%- for leaf in leaves %}
{{ leaf.id }}_counts as (
    {%- if progress is not none and trig.trig_is_forward_leaf(leaf) %}
    select {% for k in keys %}k.{{ k }}, {% endfor %}p.event_count, p.reached_at
    from {{ anchors }} as k
    inner join event_progress as p
        on p.entity_id = k.entity_id and p.anchor_at = k.anchor_at
    where p.leaf_key = {{ trig.trig_string_literal(trig.trig_leaf_key(progress.obj, progress.context, leaf)) }}
        {%- if progress.context == 'episode' %}
        and not k.is_new
    union all
    {{ trig.trig_counted_leaf_sql(leaf, '(select * from ' ~ anchors ~ ' where is_new and anchor_at > ' ~ previous ~ ')', keys, entity_column, t, source='recent_events') }}
            {%- if progress.late %}
    union all
    {{ trig.trig_counted_leaf_sql(leaf, '(select * from ' ~ anchors ~ ' where is_new and anchor_at <= ' ~ previous ~ ')', keys, entity_column, t, source=history) }}
            {%- endif %}
        {%- endif %}
    {%- else %}
    {{ trig.trig_counted_leaf_sql(leaf, anchors, keys, entity_column, t) }}
    {%- endif %}
),
  {%- endfor %}
{%- endmacro %}

{#- Counts a leaf's events straight from the events, per anchor row. Events are
    deduplicated by event_id on this slice only. A forward condition counts the events
    after the anchor and is reached at the first event that completes its count (within
    its window, if it has one: the event n-1 places earlier is inside the window ending
    at it); an absence or upper-bound window counts the window before T. -#}
{% macro trig_counted_leaf_sql(leaf, anchors, keys, entity_column, t, source='events') -%}
    {%- set forward = trig.trig_is_forward_leaf(leaf) %}
    select {{ keys | join(', ') }}, count(*) as event_count,
        {%- if leaf.within_s is not none and forward %}
        min(case when window_start_at > {{ dbt.dateadd('second', -leaf.within_s, 'occurred_at') }} then occurred_at end) as reached_at
        {%- elif leaf.within_s is not none %}
        max(occurred_at) as reached_at
        {%- else %}
        max(case when event_rank = {{ [leaf.n, 1] | max }} then occurred_at end) as reached_at
        {%- endif %}
    from (
        select matched.*,
            row_number() over (partition by {{ keys | join(', ') }} order by occurred_at, event_id) as event_rank
            {%- if leaf.within_s is not none and forward %},
            lag(occurred_at, {{ leaf.n - 1 }}) over (partition by {{ keys | join(', ') }} order by occurred_at, event_id) as window_start_at
            {%- endif %}
        from (
            select distinct {% for k in keys %}k.{{ k }}, {% endfor %}e.event_id, e.occurred_at
            from {{ anchors }} as k
            inner join {{ source }} as e
                on e.{{ entity_column }} = k.entity_id
                and e.occurred_at <= {{ t }}
                {%- if forward %}
                and e.occurred_at > k.anchor_at
                {%- else %}
                and e.occurred_at > {{ dbt.dateadd('second', -leaf.within_s, t) }}
                {%- endif %}
            where e.event_name = {{ trig.trig_string_literal(leaf.event) }}
            {%- for prop, value in leaf.where.items() %}
                and {{ trig.trig_json_extract_string('e.properties', prop) }} = {{ trig.trig_string_literal(value | string | lower if (value is sameas true or value is sameas false) else value) }}
            {%- endfor %}
        ) as matched
    ) as ranked
    group by {{ keys | join(', ') }}
{%- endmacro %}

{% macro trig_leaf_joins(leaves, row_alias, keys) -%}
  {%- for leaf in leaves %}
    left join {{ leaf.id }}_counts as {{ leaf.id }} on {% for k in keys %}{{ leaf.id }}.{{ k }} = {{ row_alias }}.{{ k }}{% if not loop.last %} and {% endif %}{% endfor %}
  {%- endfor %}
{%- endmacro %}
