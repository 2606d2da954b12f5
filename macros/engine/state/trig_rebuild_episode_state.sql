{#- Recreates the state table from the whole transition log (or empty when there is no
    log yet): the first build, a full refresh, an upgrade from a version without state,
    and recovery after an evaluation that died before its transitions were logged. -#}
{% macro trig_rebuild_episode_state(log_relation) -%}
  {%- set state = trig.trig_engine_relation('trig_episode_state') -%}
  {#- a log written before holdouts existed has no is_held_out until trig_transitions'
      pre-hook adds it: its episodes read as treated -#}
  {%- set held_out = 'is_held_out' in trig.trig_columns_of(log_relation) if log_relation is not none else false -%}
  {%- set transitions = log_relation if log_relation is not none else '(' ~ trig.trig_empty_transitions_sql() ~ ')' -%}
  {%- set source = transitions if held_out else '(select all_transitions.*, cast(null as ' ~ dbt.type_boolean() ~ ') as is_held_out from ' ~ transitions ~ ' as all_transitions)' -%}
  {%- do adapter.drop_relation(state) -%}
  {%- do trig.trig_create_table_as(state, trig.trig_episode_state_sql(trig.trig_episode_rows_sql(source))) -%}
  {%- do trig.trig_index_episode_state(state) -%}
  {%- do trig.trig_cluster_episode_state(none) -%}
{%- endmacro %}

{#- PostgreSQL reads and replaces state rows by key and by object: index them. The
    object index has no `where is_latest`: the Signals' and objectives' reads of an
    object's episodes do not say is_latest, and with a partial index each of them scanned
    the whole table (ADR 016). Also run before each evaluation, so that a warehouse built
    by an earlier version gets the index (its partial one replaced, by trig_index_table)
    without a full refresh. -#}
{% macro trig_index_episode_state(state) -%}
  {{ return(adapter.dispatch('trig_index_episode_state', 'trig')(state)) }}
{%- endmacro %}

{% macro default__trig_index_episode_state(state) -%}{%- endmacro %}

{% macro postgres__trig_index_episode_state(state) -%}
  {%- do trig.trig_index_table(state, ['episode_id']) -%}
  {%- do trig.trig_index_table(state, ['object_name', 'entity_id']) -%}
{%- endmacro %}
