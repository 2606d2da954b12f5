{#- Per stage objective: how many stage episodes reached it, the completion rate, the
    mean / median days from stage entry to completion, and the Signal benchmark in use
    (mean, median or a percentile: ADR 405) with the Signal thresholds it gives today.
    The benchmark counts every completion so far, as the Signal evaluation does, and is
    null below `min_completions`. -#}
{%- set objectives = trig.trig_objects() | selectattr('kind', 'equalto', 'objective') | list -%}
{%- set dbl = trig.trig_type_double() -%}

with objectives as (
    select * from {{ ref('trig_episodes') }} where object_kind = 'objective'
),

stages as (
    select * from {{ ref('trig_episodes') }} where object_kind = 'stage'
),

timed as (
    select
        o.parent_object_name as stage_name,
        o.object_name as objective_name,
        o.status,
        case when o.status = 'completed'
            then {{ dbt.datediff('s.entered_at', 'o.completed_at', 'second') }} / 86400.0 end as days_to_complete
    from objectives as o
    inner join stages as s
        on s.object_name = o.parent_object_name and s.entity_id = o.entity_id
        and s.episode_number = o.episode_number
),

per_objective as (
    select
        stage_name,
        objective_name,
        count(*) as episodes,
        sum(case when status = 'completed' then 1 else 0 end) as completed,
        sum(case when status = 'exited' then 1 else 0 end) as exited_incomplete,
        cast(sum(case when status = 'completed' then 1 else 0 end) as {{ dbl }}) / nullif(count(*), 0) as completion_rate,
        avg(days_to_complete) as mean_days_to_complete,
        cast({{ trig.trig_percentile_cont('days_to_complete', 0.5) }} as {{ dbl }}) as median_days_to_complete,
        {%- if objectives | length == 0 %}
        cast(null as {{ dbl }}) as signal_benchmark_days
        {%- else %}
        cast(
            case
                {%- for o in objectives %}
                when objective_name = '{{ o.name }}' and sum(case when status = 'completed' then 1 else 0 end) >= {{ o.signals.min_completions }}
                    then {{ trig.trig_benchmark_sql('days_to_complete', o.signals.benchmark) }}
                {%- endfor %}
            end as {{ dbl }}) as signal_benchmark_days
        {%- endif %}
    from timed
    group by stage_name, objective_name
),

settings as (
    select
        cast(null as {{ dbt.type_string() }}) as objective_name,
        cast(null as {{ dbt.type_string() }}) as signal_benchmark,
        cast(null as {{ dbl }}) as slow_threshold,
        cast(null as {{ dbl }}) as fast_threshold
    where 1 = 0
    {%- for o in objectives %}
    union all
    select '{{ o.name }}', '{{ o.signals.benchmark.name }}', {{ o.signals.threshold }},
        {{ o.signals.fast.threshold if o.signals.fast is not none else 'null' }}
    {%- endfor %}
)

select
    p.stage_name,
    p.objective_name,
    p.episodes,
    p.completed,
    p.exited_incomplete,
    p.completion_rate,
    p.mean_days_to_complete,
    p.median_days_to_complete,
    g.signal_benchmark,
    p.signal_benchmark_days,
    p.signal_benchmark_days * g.slow_threshold as slow_after_days,
    p.signal_benchmark_days * g.fast_threshold as fast_before_days
from per_objective as p
left join settings as g on g.objective_name = p.objective_name
