{#- Entries of one job, behaviour or stage: who may enter (no open episode, re-entry
    policy, live status), when the entry criteria became true (events counted from
    go-live or the end of the previous episode), minus exclusions, plus routes. -#}
{% macro trig_entry_ctes(c, t) -%}
{%- set o, i = c.obj, c.idx -%}
{%- set key = 'organisation_id' if o.entity == 'organisation' else 'person_id' -%}
{%- set far = trig.trig_timestamp_literal('9999-12-31 00:00:00') -%}
{%- set live_at = "(select live_at from objects_live where object_name = '" ~ o.name ~ "')" -%}
o{{ i }}_candidates as (
    select
        a.*,
        a.{{ key }} as entity_id,
        p.episode_number as last_episode,
        coalesce(p.completed_at, p.exited_at) as last_end,
        {{ trig.trig_entry_anchor_sql(o, 'p', live_at) }} as anchor_at
    from o{{ i }}_attrs as a
    left join (select * from prev_state where object_name = '{{ o.name }}') as p on p.entity_id = a.{{ key }}
    where {{ 'true' if o.status in ['live', 'shadow'] else 'false' }}
        {# not live yet: a `live_from` after T, or a replay before the first evaluation #}
        and {{ live_at }} <= {{ t }}
        and (p.entity_id is null or {{ 'false' if o.re_entry.policy == 'never' else 'not p.is_open' }})
),
{{ trig.trig_leaf_ctes(c.entry_leaves, 'o' ~ i ~ '_candidates', ['entity_id'], key, t, progress={'obj': o, 'context': 'entry'}) }}
o{{ i }}_routes as (
    select entity_id, max(occurred_at) as routed_at
    from runner_routes
    where target_object = '{{ o.name }}' and entity_type = '{{ o.entity }}'
    group by entity_id
),
o{{ i }}_entries as (
    select
        a.entity_id, a.organisation_id, a.last_episode, a.last_end,
        {{ trig.trig_criteria_sql(c.entry, t) }} as entry_at,
        {{ trig.trig_criteria_sql(c.exclusions, t) if c.exclusions is not none else 'cast(null as ' ~ dbt.type_timestamp() ~ ')' }} as excluded_at,
        rt.routed_at
    from o{{ i }}_candidates as a
    {{- trig.trig_leaf_joins(c.entry_leaves, 'a', ['entity_id']) }}
    left join o{{ i }}_routes as rt
        on rt.entity_id = a.entity_id and (a.last_end is null or rt.routed_at >= a.last_end)
),
o{{ i }}_new as (
    select
        entity_id, organisation_id,
        coalesce(last_episode, 0) + 1 as episode_number,
        case when entry_at is not null and entry_at <= {{ t }} then entry_at else {{ t }} end as entered_at,
        case when entry_at is not null and entry_at <= {{ t }}
            then (case when entry_at < {{ t }} then 'event' else 'attributes' end) else 'route' end as cause
    from o{{ i }}_entries
    where excluded_at is null
        and ((entry_at is not null and entry_at <= {{ t }}) or routed_at is not null)
        {%- if o.re_entry.policy == 'after' %}
        and (last_end is null or {{ dbt.dateadd('second', o.re_entry.cooldown_s, 'last_end') }} <= coalesce(entry_at, {{ t }}))
        {%- endif %}
),
{%- endmacro %}

{#- Open episodes (from before, and entered now) resolved at T: completion when the
    goal became true before the deadline and before any exit, else exit at the
    deadline or when the exit criteria became true. -#}
{% macro trig_episode_ctes(c, t, completion_sql=none) -%}
{%- set o, i = c.obj, c.idx -%}
{%- set key = 'organisation_id' if o.entity == 'organisation' else 'person_id' -%}
{%- set far = trig.trig_timestamp_literal('9999-12-31 00:00:00') -%}
o{{ i }}_episodes as (
    select entity_id, organisation_id, episode_number, entered_at, last_step, false as is_new, 'open' as cause, entered_at as anchor_at
    from prev_state
    where object_name = '{{ o.name }}' and is_open
    union all
    select entity_id, organisation_id, episode_number, entered_at, 0 as last_step, true as is_new, cause, entered_at as anchor_at
    from o{{ i }}_new
),
{{ trig.trig_leaf_ctes(c.episode_leaves, 'o' ~ i ~ '_episodes', ['entity_id', 'episode_number'], key, t, progress={'obj': o, 'context': 'episode', 'late': c.entry_leaves | length > 0}) }}
o{{ i }}_resolved as (
    select
        ep.*,
        {% if o.duration_s is not none %}{{ dbt.dateadd('second', o.duration_s, 'ep.entered_at') }}{% else %}cast(null as {{ dbt.type_timestamp() }}){% endif %} as deadline,
        {% if o.enter_on_completion %}case when ep.is_new then ep.entered_at end{% elif completion_sql is not none %}{{ completion_sql }}{% else %}{{ trig.trig_criteria_sql(c.completion, t) }}{% endif %} as completion_at,
        {{ trig.trig_criteria_sql(c.exit, t) if c.exit is not none else 'cast(null as ' ~ dbt.type_timestamp() ~ ')' }} as exit_criteria_at
    from o{{ i }}_episodes as ep
    left join o{{ i }}_attrs as a on a.{{ key }} = ep.entity_id
    {{- trig.trig_leaf_joins(c.episode_leaves, 'ep', ['entity_id', 'episode_number']) }}
),
{%- endmacro %}

{% macro trig_outcome_cte(c, t, resolved) -%}
{%- set far = trig.trig_timestamp_literal('9999-12-31 00:00:00') -%}
o{{ c.idx }}_outcome as (
    select
        r.*,
        case when completes then completion_at end as completed_at,
        case when not completes then nullif(least(
            case when deadline <= {{ t }} then deadline else {{ far }} end,
            case when exit_criteria_at <= {{ t }} then exit_criteria_at else {{ far }} end
        ), {{ far }}) end as exited_at,
        case when exit_criteria_at <= {{ t }} and (deadline is null or exit_criteria_at < deadline) then 'criteria' else 'deadline' end as exit_cause
    from (
        select
            {{ resolved }}.*,
            coalesce(completion_at <= {{ t }}
                and completion_at >= entered_at
                and (deadline is null or completion_at <= deadline)
                and (exit_criteria_at is null or completion_at <= exit_criteria_at), false) as completes
        from {{ resolved }}
    ) as r
),
{%- endmacro %}

{#- The transitions of one object found by this evaluation. -#}
{% macro trig_object_transitions_cte(c, t, outcome=none) -%}
{%- set o, i = c.obj, c.idx -%}
{%- set outcome = outcome or 'o' ~ i ~ '_outcome' -%}
{%- set far = trig.trig_timestamp_literal('9999-12-31 00:00:00') -%}
o{{ i }}_transitions as (
    select entity_id, organisation_id, episode_number, 'entered' as transition_type, 0 as step, entered_at as occurred_at, cause
    from {{ outcome }} where is_new
    union all
    select entity_id, organisation_id, episode_number, 'completed', 0, completed_at, {{ "'event'" if o.kind != 'stage' else "'criteria'" }}
    from {{ outcome }} where completed_at is not null
    union all
    select entity_id, organisation_id, episode_number, 'exited', 0, exited_at, exit_cause
    from {{ outcome }} where exited_at is not null
    {%- for f in o.follow_ups %}
    union all
    select entity_id, organisation_id, episode_number, 'follow_up_due', {{ f.step }}, {{ dbt.dateadd('second', f.delay_s, 'entered_at') }}, 'schedule'
    from {{ outcome }}
    where last_step < {{ f.step }}
        and {{ dbt.dateadd('second', f.delay_s, 'entered_at') }} <= {{ t }}
        and {{ dbt.dateadd('second', f.delay_s, 'entered_at') }} < coalesce(completed_at, exited_at, {{ far }})
        and (deadline is null or {{ dbt.dateadd('second', f.delay_s, 'entered_at') }} < deadline)
    {%- endfor %}
),
{%- endmacro %}
