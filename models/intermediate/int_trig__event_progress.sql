{{ config(materialized='incremental', unique_key='progress_key', incremental_strategy=trig.trig_upsert_strategy(), pre_hook=["{{ trig.trig_planner_hints() }}", "{{ trig.trig_session_settings(hash_joins=true) }}", "{{ trig.trig_sync_episode_state(none if trig.trig_log_is_rebuilt() else adapter.get_relation(database=this.database, schema=this.schema, identifier='trig_transitions')) }}", "{{ trig.trig_count_event_progress() }}"], post_hook=["{{ trig.trig_drop_engine_relation('int_trig__event_progress__pending') }}", "{{ trig.trig_index_table(this, ['leaf_key']) }}", "{{ trig.trig_analyze_table(this) }}", "{{ trig.trig_drop_engine_relation('int_trig__event_progress__events') }}", "{{ trig.trig_drop_engine_relation('int_trig__event_progress__conditions') }}", "{{ trig.trig_reset_planner_hints() }}"]) }}
{#- Running counts of the events each condition needs, per entity and anchor, so an
    evaluation reads only the events since the last one. A row is recounted from its
    anchor only when the anchor moved (an episode ended or began), which only reaches
    back to that moment. Read by trig_transitions; see docs/decisions/004-event-progress.md. The pre-hook
    (trig.trig_count_event_progress) counts them, every condition in one statement (ADR 014). -#}
/* depends_on: {{ ref('int_trig__organisation_attributes') }} {{ ref('int_trig__person_attributes') }} {{ ref('int_trig__objects') }} {{ ref('int_trig__object_status') }} {{ ref('stg_trig__events') }} {{ ref('stg_trig__people') }} {{ ref('stg_trig__organisations') }} */

select progress_key, leaf_key, entity_id, anchor_at, event_count, reached_at, counted_through
from {{ trig.trig_engine_relation('int_trig__event_progress__pending') }}
