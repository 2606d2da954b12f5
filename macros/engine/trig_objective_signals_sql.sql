{#- The slow and fast Signals of every stage objective at T, as the log's rows, in one
    statement whatever the number of objectives (ADR 019). It runs after every object's
    transitions of this evaluation are in the state table, so the state holds each
    stage and objective episode as this evaluation left it; `pending` holds this
    evaluation's transitions (its completions and the stage episodes it ended).
    - slow_<objective> (risk): still in the stage without the objective past stage entry
      + threshold x benchmark, stamped with that crossing; resolves when the objective
      completes or the stage ends; nothing for an objective already complete.
    - fast_<objective> (opportunity, with `fast:`): the objective completed, found by
      this evaluation, in less than fast.threshold x benchmark; stamped with the
      completion, resolves `fast.lasts` later (ADR 406).
    The benchmark is the mean, median or a percentile (ADR 405) of the time from stage
    entry to completion over every completion so far, this evaluation's included, once
    `min_completions` exist. Usage Signals read criteria and stay with their stage's
    batch (trig_usage_signal_ctes). -#}
{% macro trig_objective_signals_sql(plan, pending, t) -%}
  {%- set state = trig.trig_engine_relation('trig_episode_state') -%}
  {%- set benchmarks = [] -%}
  {%- for s in plan.objective_signals if s.benchmark.name not in benchmarks | map(attribute='name') | list -%}
    {%- do benchmarks.append(s.benchmark) -%}
  {%- endfor -%}
with
objectives as (
    {%- for s in plan.objective_signals %}
    select {{ trig.trig_string_literal(s.objective) }} as objective_name, {{ trig.trig_string_literal(s.stage) }} as stage_name,
        {{ trig.trig_string_literal(s.entity) }} as entity_type, {{ trig.trig_string_literal('slow_' ~ s.objective) }} as slow_name,
        {{ trig.trig_string_literal('fast_' ~ s.objective) if s.fast is not none else 'cast(null as ' ~ trig.trig_type_text() ~ ')' }} as fast_name,
        {{ s.threshold }} as threshold, {{ s.min_completions }} as min_completions,
        {{ trig.trig_string_literal(s.benchmark.name) }} as benchmark_name,
        {{ s.fast.threshold if s.fast is not none else 0.0 }} as fast_threshold,
        {{ s.fast.lasts_s if s.fast is not none else 0 }} as fast_lasts_s
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),
objective_completions as (
    select ob.object_name, {{ dbt.datediff('st.entered_at', 'ob.completed_at', 'second') }} as seconds_to_complete
    from objectives as m
    inner join {{ state }} as ob on ob.object_name = m.objective_name
    inner join {{ state }} as st
        on st.object_name = m.stage_name and st.entity_id = ob.entity_id and st.episode_number = ob.episode_number
    where ob.completed_at is not null
),
completion_statistics as (
    select object_name, count(*) as completions
        {%- for b in benchmarks %},
        {{ trig.trig_benchmark_sql('seconds_to_complete', b) }} as benchmark_{{ loop.index }}
        {%- endfor %}
    from objective_completions
    group by object_name
),
{#- objectives with too few completions have no benchmark, and no Signal -#}
objective_benchmarks as (
    select m.*,
        case m.benchmark_name
            {%- for b in benchmarks %}
            when {{ trig.trig_string_literal(b.name) }} then c.benchmark_{{ loop.index }}
            {%- endfor %}
        end as benchmark_seconds
    from objectives as m
    inner join completion_statistics as c on c.object_name = m.objective_name
    where c.completions >= m.min_completions
),
{#- the stage episodes a slow Signal can change on: open ones, and those this
    evaluation ended (their raised Signals resolve) -#}
slow_episodes as (
    select m.*, st.entity_id, st.organisation_id, st.episode_number, st.entered_at,
        cast(null as {{ dbt.type_timestamp() }}) as stage_end_at
    from objective_benchmarks as m
    inner join {{ state }} as st on st.object_name = m.stage_name and st.is_open
    union all
    select m.*, st.entity_id, st.organisation_id, st.episode_number, st.entered_at,
        coalesce(st.completed_at, st.exited_at) as stage_end_at
    from objective_benchmarks as m
    inner join (
        select distinct object_name, entity_id, episode_number
        from {{ pending }} as ended_now
        where transition_type in ('completed', 'exited')
    ) as e on e.object_name = m.stage_name
    inner join {{ state }} as st
        on st.object_name = e.object_name and st.entity_id = e.entity_id and st.episode_number = e.episode_number
    where not st.is_open
),
slow_state as (
    select
        r.slow_name, r.stage_name, r.entity_type, r.entity_id, r.organisation_id, r.episode_number,
        {{ dbt.dateadd('second', 'cast(r.benchmark_seconds * r.threshold as ' ~ dbt.type_int() ~ ')', 'r.entered_at') }} as raise_at,
        {#- objectives end with their stage: one never entered ends when the stage does -#}
        coalesce(ob.completed_at, ob.exited_at, r.stage_end_at) as objective_end_at,
        p.signal_raised_at, p.signal_resolved_at
    from slow_episodes as r
    left join {{ state }} as ob
        on ob.object_name = r.objective_name and ob.entity_id = r.entity_id and ob.episode_number = r.episode_number
    left join {{ state }} as p
        on p.object_name = r.slow_name and p.entity_id = r.entity_id and p.episode_number = r.episode_number
),
{#- completions this evaluation found, faster than the benchmark known now -#}
fast_completions as (
    select m.fast_name, m.stage_name, m.entity_type, m.fast_lasts_s,
        n.entity_id, n.organisation_id, n.episode_number, n.occurred_at as completed_at
    from objective_benchmarks as m
    inner join {{ pending }} as n on n.object_name = m.objective_name and n.transition_type = 'completed'
    inner join {{ state }} as st
        on st.object_name = m.stage_name and st.entity_id = n.entity_id and st.episode_number = n.episode_number
    where m.fast_name is not null
        and {{ dbt.datediff('st.entered_at', 'n.occurred_at', 'second') }} < m.benchmark_seconds * m.fast_threshold
),
signal_transitions as (
    select slow_name as object_name, stage_name as parent_object_name, entity_type, entity_id, organisation_id, episode_number,
        'signal_raised' as transition_type, 0 as step, raise_at as occurred_at, 'benchmark' as cause
    from slow_state
    where signal_raised_at is null and raise_at <= {{ t }} and objective_end_at is null
    union all
    select slow_name, stage_name, entity_type, entity_id, organisation_id, episode_number,
        'signal_resolved', 0, objective_end_at, 'objective_ended'
    from slow_state
    where signal_raised_at is not null and signal_resolved_at is null and objective_end_at <= {{ t }}
    union all
    select fast_name, stage_name, entity_type, entity_id, organisation_id, episode_number,
        'signal_raised', 0, completed_at, 'fast_completion'
    from fast_completions
    union all
    -- raised by this evaluation and already over (a replay finds old completions)
    select fast_name, stage_name, entity_type, entity_id, organisation_id, episode_number,
        'signal_resolved', 0, {{ dbt.dateadd('second', 'fast_lasts_s', 'completed_at') }}, 'expired'
    from fast_completions
    where {{ dbt.dateadd('second', 'fast_lasts_s', 'completed_at') }} <= {{ t }}
    union all
    select m.fast_name, m.stage_name, m.entity_type, p.entity_id, p.organisation_id, p.episode_number,
        'signal_resolved', 0, {{ dbt.dateadd('second', 'm.fast_lasts_s', 'p.signal_raised_at') }}, 'expired'
    from objectives as m
    inner join {{ state }} as p on p.object_name = m.fast_name
    where p.signal_raised_at is not null and p.signal_resolved_at is null
        and {{ dbt.dateadd('second', 'm.fast_lasts_s', 'p.signal_raised_at') }} <= {{ t }}
),
all_transitions as (
    select object_name, 'signal' as object_kind, parent_object_name, entity_type, entity_id, organisation_id,
        episode_number, transition_type, step, occurred_at, cause
    from signal_transitions
)
{{ trig.trig_log_rows_sql('all_transitions', t) }}
{%- endmacro %}
