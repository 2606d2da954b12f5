{#- One row per object, entity and episode from a set of transitions (Signals
    included, under their own object names): what happened to the episode in those
    transitions. `history_*` columns are empty here; rows carried over from the state
    fill them (trig_episode_state_sql). -#}
{% macro trig_episode_rows_sql(transitions) -%}
    select
        {{ trig.trig_md5(['object_name', 'entity_type', 'entity_id', 'episode_number']) }} as episode_id,
        object_name,
        max(object_kind) as object_kind,
        max(parent_object_name) as parent_object_name,
        entity_type,
        entity_id,
        max(organisation_id) as organisation_id,
        episode_number,
        max(case when transition_type = 'entered' then occurred_at end) as entered_at,
        max(case when transition_type = 'completed' then occurred_at end) as completed_at,
        max(case when transition_type = 'exited' then occurred_at end) as exited_at,
        max(case when transition_type = 'exited' then cause end) as exit_cause,
        max(case when transition_type = 'follow_up_due' then step else 0 end) as last_step,
        max(case when transition_type = 'signal_raised' then occurred_at end) as signal_raised_at,
        max(case when transition_type = 'signal_resolved' then occurred_at end) as signal_resolved_at,
        max(case when transition_type = 'signal_raised' then cause end) as signal_raise_cause,
        max(case when transition_type = 'signal_resolved' then cause end) as signal_resolution_cause,
        {#- a job episode's arm: held out when every one of its transitions is, treated when
            none is (rows written before is_held_out existed read as treated) -#}
        case when max(object_kind) = 'job' then max(case when is_held_out then 1 else 0 end) end as held_out_any,
        case when max(object_kind) = 'job' then min(case when is_held_out then 1 else 0 end) end as held_out_all,
        cast(null as {{ dbt.type_timestamp() }}) as history_entered_at,
        cast(null as {{ dbt.type_timestamp() }}) as history_completed_at,
        cast(null as {{ dbt.type_timestamp() }}) as history_exited_at
    from {{ transitions }} as transitions
    group by object_name, entity_type, entity_id, episode_number
{%- endmacro %}
