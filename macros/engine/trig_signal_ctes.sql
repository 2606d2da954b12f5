{#- Slow-completer Signals for one stage objective. The benchmark is the mean time
    from stage entry to objective completion over every completion so far (needs
    `min_completions`); an entity still in the stage without the objective at T (this
    evaluation's outcome included) and past stage entry + threshold x benchmark is
    flagged, stamped with that crossing; the Signal resolves when the objective
    completes or the stage ends. Only what this evaluation can see is written: nothing
    for an objective already complete or a stage already ended (ADR 005). -#}
{% macro trig_signal_ctes(k, stage, t) -%}
{%- set name = 'slow_' ~ k.obj.name -%}
{%- set s = stage.obj.signals -%}
o{{ k.idx }}_completions as (
    select {{ dbt.datediff('st.entered_at', 'ob.completed_at', 'second') }} as seconds_to_complete
    from prev_episodes as ob
    inner join prev_episodes as st
        on st.object_name = '{{ stage.obj.name }}' and st.entity_id = ob.entity_id and st.episode_number = ob.episode_number
    where ob.object_name = '{{ k.obj.name }}' and ob.completed_at is not null
    union all
    select {{ dbt.datediff('st.entered_at', 'n.completed_at', 'second') }}
    from o{{ k.idx }}_outcome as n
    inner join o{{ stage.idx }}_episodes as st on st.entity_id = n.entity_id and st.episode_number = n.episode_number
    where n.completed_at is not null
),
o{{ k.idx }}_benchmark as (
    select count(*) as completions, avg(seconds_to_complete) as mean_seconds
    from o{{ k.idx }}_completions
),
o{{ k.idx }}_signal_state as (
    select
        st.entity_id, st.organisation_id, st.episode_number,
        {{ dbt.dateadd('second', 'cast(b.mean_seconds * ' ~ s.threshold ~ ' as ' ~ dbt.type_int() ~ ')', 'st.entered_at') }} as raise_at,
        coalesce(d.done_at, ob.exited_at, case when d.entity_id is null then coalesce(st.completed_at, st.exited_at) end) as objective_end_at,
        p.signal_raised_at, p.signal_resolved_at
    from o{{ stage.idx }}_outcome as st
    cross join o{{ k.idx }}_benchmark as b
    left join o{{ k.idx }}_done as d on d.entity_id = st.entity_id and d.episode_number = st.episode_number
    left join o{{ k.idx }}_outcome as ob on ob.entity_id = st.entity_id and ob.episode_number = st.episode_number
    left join (select * from prev_episodes where object_name = '{{ name }}') as p
        on p.entity_id = st.entity_id and p.episode_number = st.episode_number
    where b.completions >= {{ s.min_completions }}
),
o{{ k.idx }}_signal_transitions as (
    select entity_id, organisation_id, episode_number, 'signal_raised' as transition_type, 0 as step, raise_at as occurred_at, 'benchmark' as cause
    from o{{ k.idx }}_signal_state
    where signal_raised_at is null and raise_at <= {{ t }} and objective_end_at is null
    union all
    select entity_id, organisation_id, episode_number, 'signal_resolved', 0, objective_end_at, 'objective_ended'
    from o{{ k.idx }}_signal_state
    where signal_raised_at is not null and signal_resolved_at is null and objective_end_at <= {{ t }}
),
{%- endmacro %}
