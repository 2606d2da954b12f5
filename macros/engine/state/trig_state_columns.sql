{#- The columns of the engine's state table, in order. -#}
{% macro trig_state_columns() -%}
  {{ return(['episode_id', 'object_name', 'object_kind', 'parent_object_name', 'entity_type', 'entity_id',
             'organisation_id', 'episode_number', 'entered_at', 'completed_at', 'exited_at', 'exit_cause',
             'last_step', 'signal_raised_at', 'signal_resolved_at', 'signal_raise_cause', 'signal_resolution_cause',
             'held_out_any', 'held_out_all',
             'is_latest', 'is_open',
             'last_entered_at', 'last_completed_at', 'last_exited_at']) }}
{%- endmacro %}
