{#- Applies one batch of this evaluation's transitions to the state table in place: the
    episodes they touch and the latest episode each touched object and entity had are
    recomputed from the stored rows plus the new transitions, then replaced by key.
    Untouched rows are not read. -#}
{% macro trig_update_episode_state(transitions) -%}
  {%- set state = trig.trig_engine_relation('trig_episode_state') -%}
  {%- set batch = trig.trig_engine_relation('trig_episode_state__batch') -%}
  {%- set columns = trig.trig_state_columns() | join(', ') -%}
  {%- set carried_over -%}
    select
        s.episode_id, s.object_name, s.object_kind, s.parent_object_name, s.entity_type, s.entity_id,
        s.organisation_id, s.episode_number, s.entered_at, s.completed_at, s.exited_at, s.exit_cause,
        s.last_step, s.signal_raised_at, s.signal_resolved_at, s.signal_raise_cause, s.signal_resolution_cause,
        s.held_out_any, s.held_out_all,
        s.last_entered_at as history_entered_at, s.last_completed_at as history_completed_at,
        s.last_exited_at as history_exited_at
    from {{ state }} as s
    inner join (select distinct object_name, entity_id from {{ transitions }} as touched_transitions) as touched
        on touched.object_name = s.object_name and touched.entity_id = s.entity_id
    where s.is_latest
  {%- endset -%}
  {%- set rows = trig.trig_episode_rows_sql(transitions) ~ '\n    union all\n' ~ carried_over -%}
  {%- do adapter.drop_relation(batch) -%}
  {%- do trig.trig_create_table_as(batch, trig.trig_episode_state_sql(rows)) -%}
  {%- do run_query('delete from ' ~ state ~ ' where episode_id in (select episode_id from ' ~ batch ~ ')') -%}
  {%- do run_query('insert into ' ~ state ~ ' (' ~ columns ~ ') select ' ~ columns ~ ' from ' ~ batch) -%}
  {%- do adapter.drop_relation(batch) -%}
{%- endmacro %}
