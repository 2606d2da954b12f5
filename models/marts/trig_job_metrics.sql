{#- Per job (and behaviour): entered, completed, exited, active, completion rate
    (completed / (completed + exited)), exit rate (exited / entered), mean days to
    completion, and which follow-up step last preceded a completion. -#}
with episodes as (
    select * from {{ ref('trig_episodes') }}
    where object_kind in ('job', 'behaviour')
)

select
    object_name,
    max(object_kind) as object_kind,
    count(*) as entered,
    sum(case when status = 'completed' then 1 else 0 end) as completed,
    sum(case when status = 'exited' then 1 else 0 end) as exited,
    sum(case when status = 'active' then 1 else 0 end) as active,
    cast(sum(case when status = 'completed' then 1 else 0 end) as {{ trig.trig_type_double() }})
        / nullif(sum(case when status in ('completed', 'exited') then 1 else 0 end), 0) as completion_rate,
    cast(sum(case when status = 'exited' then 1 else 0 end) as {{ trig.trig_type_double() }})
        / nullif(count(*), 0) as exit_rate,
    avg(case when status = 'completed' then {{ dbt.datediff('entered_at', 'completed_at', 'second') }} end) / 86400.0 as mean_days_to_completion,
    sum(case when status = 'completed' and follow_ups_due = 0 then 1 else 0 end) as completed_after_entry_action,
    sum(case when status = 'completed' and follow_ups_due = 1 then 1 else 0 end) as completed_after_follow_up_1,
    sum(case when status = 'completed' and follow_ups_due >= 2 then 1 else 0 end) as completed_after_follow_up_2_or_later
from episodes
group by object_name
