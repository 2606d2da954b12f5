{#- The transition log's rows (with their ids, T and the holdout arm) from a relation of
    transitions with the columns object_name, object_kind, parent_object_name,
    entity_type, entity_id, organisation_id, episode_number, transition_type, step,
    occurred_at and cause. -#}
{% macro trig_log_rows_sql(source, t) -%}
select
    {{ trig.trig_md5(['object_name', 'entity_type', 'entity_id', 'episode_number', 'transition_type', 'step']) }} as transition_id,
    object_name,
    object_kind,
    parent_object_name,
    entity_type,
    entity_id,
    organisation_id,
    episode_number,
    transition_type,
    step,
    occurred_at,
    {{ t }} as evaluated_at,
    cause,
    {{ trig.trig_is_held_out_sql() }} as is_held_out
from {{ source }}
{%- endmacro %}
