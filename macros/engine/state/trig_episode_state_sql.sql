{#- The engine's state rows from episode rows (trig_episode_rows_sql, possibly several
    partial rows per episode: the stored row and this evaluation's transitions): one row
    per episode, the latest episode of each object and entity flagged and carrying the
    generated lifecycle attributes over all the entity's episodes of that object (null
    on earlier episodes, so a row's value never depends on when it was last touched). -#}
{% macro trig_episode_state_sql(episode_rows) -%}
  {%- set pair = 'partition by object_name, entity_id' -%}
    select
        episode_id, object_name, object_kind, parent_object_name, entity_type, entity_id,
        organisation_id, episode_number, entered_at, completed_at, exited_at, exit_cause,
        last_step, signal_raised_at, signal_resolved_at, signal_raise_cause, signal_resolution_cause,
        held_out_any, held_out_all,
        episode_number = max(episode_number) over ({{ pair }}) as is_latest,
        entered_at is not null and completed_at is null and exited_at is null as is_open,
        case when episode_number = max(episode_number) over ({{ pair }}) then {{ trig.trig_later('max(history_entered_at) over (' ~ pair ~ ')', 'max(entered_at) over (' ~ pair ~ ')') }} end as last_entered_at,
        case when episode_number = max(episode_number) over ({{ pair }}) then {{ trig.trig_later('max(history_completed_at) over (' ~ pair ~ ')', 'max(completed_at) over (' ~ pair ~ ')') }} end as last_completed_at,
        case when episode_number = max(episode_number) over ({{ pair }}) then {{ trig.trig_later('max(history_exited_at) over (' ~ pair ~ ')', 'max(exited_at) over (' ~ pair ~ ')') }} end as last_exited_at
    from (
        select
            episode_id, object_name, max(object_kind) as object_kind,
            max(parent_object_name) as parent_object_name, entity_type, entity_id,
            max(organisation_id) as organisation_id, episode_number,
            max(entered_at) as entered_at, max(completed_at) as completed_at,
            max(exited_at) as exited_at, max(exit_cause) as exit_cause,
            max(last_step) as last_step, max(signal_raised_at) as signal_raised_at,
            max(signal_resolved_at) as signal_resolved_at,
            max(signal_raise_cause) as signal_raise_cause,
            max(signal_resolution_cause) as signal_resolution_cause,
            max(held_out_any) as held_out_any,
            min(held_out_all) as held_out_all,
            max(history_entered_at) as history_entered_at,
            max(history_completed_at) as history_completed_at,
            max(history_exited_at) as history_exited_at
        from ({{ episode_rows }}) as episode_rows
        group by episode_id, object_name, entity_type, entity_id, episode_number
    ) as merged
{%- endmacro %}
