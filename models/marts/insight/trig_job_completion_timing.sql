{#- Per job and arm (treated, held_out): closed episodes, completions within the job's
    duration (every completion: a goal reached after the deadline is not one, DESIGN),
    exits at the deadline, and of those how many reached the goal **after** the
    deadline, by T (ADR 407). A job that "works" only by bringing completion forward
    shows a held-out arm that catches up after the deadline.
    The goal after the deadline is the job's own goal criteria, compiled as the engine
    compiles them: events count from the episode's entry (so an event before the
    deadline plus one after it reach "at least 2" after it), attributes are read now
    (stamped T). Jobs without a duration have no deadline: their after-columns are null.
    A view: the events are read when BI queries it, for exited-at-deadline episodes only. -#}
/* depends_on: {{ ref('stg_trig__events') }} {{ ref('stg_trig__people') }} {{ ref('stg_trig__organisations') }} */
/* depends_on: {{ ref('int_trig__organisation_attributes') }} {{ ref('int_trig__person_attributes') }} {{ ref('trig_organisation_attributes') }} {{ ref('trig_person_attributes') }} */
{%- set objects = trig.trig_objects() -%}
{%- set jobs = objects | selectattr('kind', 'equalto', 'job') | list -%}
{%- set timed_jobs = jobs | rejectattr('duration_s', 'none') | list -%}
{%- set t = trig.trig_view_t() -%}
{%- set dbl = trig.trig_type_double() -%}
{%- set big = dbt.type_bigint() -%}

with assignments as (
    select * from {{ ref('trig_job_assignments') }}
    where arm in ('treated', 'held_out')
),

{#- the events inline in each leaf, not a shared CTE: a CTE read by several leaves is
    materialised in full, even by the empty-result query that checks the contract -#}
{%- set history = '(select * from ' ~ trig.trig_events_with_organisation() ~ ' as all_events where occurred_at <= ' ~ t ~ ')' %}

{#- one attribute catalogue per entity type (each is read from the warehouse), copied
    per job: the goal is checked and compiled as the engine does -#}
{%- set bases = {} %}
{%- for entity in ['organisation', 'person'] if timed_jobs | selectattr('entity', 'equalto', entity) | list %}
{%- do bases.update({entity: trig.trig_catalog_context('completion_timing', entity, objects=objects)}) %}
{%- endfor %}
{%- for job in timed_jobs %}
{%- set j = loop.index %}
{%- set ctx = {} %}
{%- do ctx.update(bases[job.entity]) %}
{%- do ctx.update({'object': job.name, 'leaves': [], 'refs': [], 'prefix': 'j' ~ j ~ 'g', 'cohort_stack': [], 'in_cohort': false}) %}
{%- set c = {'completion': trig.trig_normalize_criteria(job.completion, ctx, 'goal'), 'episode_leaves': ctx.leaves} %}
{%- set key = 'organisation_id' if job.entity == 'organisation' else 'person_id' %}
j{{ loop.index }}_anchors as (
    select entity_id, episode_number, entered_at as anchor_at, exited_at
    from assignments
    where job_name = '{{ job.name }}' and status = 'exited' and exit_cause = 'deadline'
),
{%- for leaf in c.episode_leaves %}
{{ leaf.id }}_counts as (
    {{ trig.trig_counted_leaf_sql(leaf, 'j' ~ j ~ '_anchors', ['entity_id', 'episode_number'], key, t, source=history) }}
),
{%- endfor %}
j{{ loop.index }}_goal as (
    select '{{ job.name }}' as job_name, k.entity_id, k.episode_number, k.exited_at,
        {{ trig.trig_criteria_sql(c.completion, t) }} as goal_at
    from j{{ loop.index }}_anchors as k
    left join {{ ref('trig_organisation_attributes') if job.entity == 'organisation' else ref('trig_person_attributes') }} as a
        on a.{{ key }} = k.entity_id
    {{- trig.trig_leaf_joins(c.episode_leaves, 'k', ['entity_id', 'episode_number']) }}
),
{%- endfor %}

late_goals as (
    select
        cast(null as {{ dbt.type_string() }}) as job_name,
        cast(null as {{ dbt.type_string() }}) as entity_id,
        cast(null as {{ big }}) as episode_number,
        cast(null as {{ dbl }}) as days_after_deadline
    where 1 = 0
    {%- for job in timed_jobs %}
    union all
    select job_name, entity_id, episode_number,
        {{ dbt.datediff('exited_at', 'goal_at', 'second') }} / 86400.0
    from j{{ loop.index }}_goal
    where goal_at > exited_at and goal_at <= {{ t }}
    {%- endfor %}
),

arms as (
    select
        cast(null as {{ dbt.type_string() }}) as job_name,
        cast(null as {{ dbt.type_string() }}) as arm,
        cast(null as {{ dbl }}) as duration_days
    where 1 = 0
    {%- for job in jobs %}
    {%- for arm in ['treated', 'held_out'] %}
    union all
    select '{{ job.name }}', '{{ arm }}', {{ job.duration_s / 86400.0 if job.duration_s is not none else 'null' }}
    {%- endfor %}
    {%- endfor %}
),

episodes as (
    select
        a.job_name,
        a.arm,
        a.status,
        a.exit_cause,
        {{ dbt.datediff('a.entered_at', 'a.completed_at', 'second') }} / 86400.0 as days_to_complete,
        l.days_after_deadline
    from assignments as a
    left join late_goals as l
        on l.job_name = a.job_name and l.entity_id = a.entity_id and l.episode_number = a.episode_number
),

{#- its own aggregate: Redshift allows one ORDER BY expression per percentile query -#}
late_medians as (
    select job_name, arm, {{ trig.trig_percentile_cont('days_after_deadline', 0.5) }} as median_days_after_deadline
    from episodes
    where days_after_deadline is not null
    group by job_name, arm
)

select
    r.job_name,
    r.arm,
    cast(r.duration_days as {{ dbl }}) as duration_days,
    cast(count(e.job_name) as {{ big }}) as entered,
    cast(coalesce(sum(case when e.status in ('completed', 'exited') then 1 else 0 end), 0) as {{ big }}) as closed,
    cast(coalesce(sum(case when e.status = 'completed' then 1 else 0 end), 0) as {{ big }}) as completed_within_duration,
    cast(case when r.duration_days is not null then coalesce(sum(case when e.exit_cause = 'deadline' then 1 else 0 end), 0) end as {{ big }}) as exited_at_deadline,
    cast(case when r.duration_days is not null then coalesce(sum(case when e.days_after_deadline is not null then 1 else 0 end), 0) end as {{ big }}) as completed_after_duration,
    cast(sum(case when e.status = 'completed' then 1 else 0 end) as {{ dbl }})
        / nullif(sum(case when e.status in ('completed', 'exited') then 1 else 0 end), 0) as completion_rate_within_duration,
    cast(case when r.duration_days is not null then
        cast(sum(case when e.status = 'completed' or e.days_after_deadline is not null then 1 else 0 end) as {{ dbl }})
        / nullif(sum(case when e.status in ('completed', 'exited') then 1 else 0 end), 0) end as {{ dbl }}) as completion_rate_by_now,
    cast({{ trig.trig_percentile_cont('e.days_to_complete', 0.5) }} as {{ dbl }}) as median_days_to_complete,
    cast(max(m.median_days_after_deadline) as {{ dbl }}) as median_days_after_deadline
from arms as r
left join episodes as e on e.job_name = r.job_name and e.arm = r.arm
left join late_medians as m on m.job_name = r.job_name and m.arm = r.arm
group by r.job_name, r.arm, r.duration_days
