{#- Per job (and behaviour): entered, completed, exited, active, completion rate
    (completed / (completed + exited)), exit rate (exited / entered), mean days to
    completion, which follow-up step last preceded a completion, and how exits ended.
    The headline counts are **all arms** (treated and held-out members live the same
    timeline); the treated_* and held_out_* columns split them (ADR 407): an episode
    is held out when every one of its transitions is, treated when none is; an episode
    whose arm changed because the share was edited mid-episode is in neither. Lift with
    its interval: trig_job_lift; completion within the duration vs after it, per arm:
    trig_job_completion_timing. -#}
{%- set dbl = trig.trig_type_double() -%}

with episodes as (
    select * from {{ ref('trig_episodes') }}
    where object_kind in ('job', 'behaviour')
),

{#- each job episode's arm, kept in the engine's state from its transitions (ADR 018) -#}
held_out as (
    select episode_id, held_out_any, held_out_all
    from {{ trig.trig_engine_relation('trig_episode_state') }}
    where object_kind = 'job'
),

armed as (
    select
        e.*,
        {{ trig.trig_job_arm_sql('h') }} as arm
    from episodes as e
    left join held_out as h on h.episode_id = e.episode_id
)

select
    object_name,
    max(object_kind) as object_kind,
    count(*) as entered,
    sum(case when status = 'completed' then 1 else 0 end) as completed,
    sum(case when status = 'exited' then 1 else 0 end) as exited,
    sum(case when status = 'active' then 1 else 0 end) as active,
    cast(sum(case when status = 'completed' then 1 else 0 end) as {{ dbl }})
        / nullif(sum(case when status in ('completed', 'exited') then 1 else 0 end), 0) as completion_rate,
    cast(sum(case when status = 'exited' then 1 else 0 end) as {{ dbl }})
        / nullif(count(*), 0) as exit_rate,
    avg(case when status = 'completed' then {{ dbt.datediff('entered_at', 'completed_at', 'second') }} end) / 86400.0 as mean_days_to_completion,
    sum(case when status = 'completed' and follow_ups_due = 0 then 1 else 0 end) as completed_after_entry_action,
    sum(case when status = 'completed' and follow_ups_due = 1 then 1 else 0 end) as completed_after_follow_up_1,
    sum(case when status = 'completed' and follow_ups_due >= 2 then 1 else 0 end) as completed_after_follow_up_2_or_later,
    sum(case when status = 'exited' and exit_cause = 'deadline' then 1 else 0 end) as exited_at_deadline,
    sum(case when status = 'exited' and exit_cause <> 'deadline' then 1 else 0 end) as exited_on_criteria,
    {%- for arm in ['treated', 'held_out'] %}
    sum(case when arm = '{{ arm }}' then 1 else 0 end) as {{ arm }}_entered,
    sum(case when arm = '{{ arm }}' and status = 'completed' then 1 else 0 end) as {{ arm }}_completed,
    sum(case when arm = '{{ arm }}' and status = 'exited' then 1 else 0 end) as {{ arm }}_exited,
    cast(sum(case when arm = '{{ arm }}' and status = 'completed' then 1 else 0 end) as {{ dbl }})
        / nullif(sum(case when arm = '{{ arm }}' and status in ('completed', 'exited') then 1 else 0 end), 0) as {{ arm }}_completion_rate,
    {%- endfor %}
    sum(case when arm = 'reassigned' then 1 else 0 end) as reassigned_entered
from armed
group by object_name
