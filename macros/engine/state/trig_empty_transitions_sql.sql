{#- An empty set of transitions with the log's column types. -#}
{% macro trig_empty_transitions_sql() -%}
    select
        cast(null as {{ dbt.type_string() }}) as object_name,
        cast(null as {{ dbt.type_string() }}) as object_kind,
        cast(null as {{ dbt.type_string() }}) as parent_object_name,
        cast(null as {{ dbt.type_string() }}) as entity_type,
        cast(null as {{ dbt.type_string() }}) as entity_id,
        cast(null as {{ dbt.type_string() }}) as organisation_id,
        cast(null as {{ dbt.type_int() }}) as episode_number,
        cast(null as {{ dbt.type_string() }}) as transition_type,
        cast(null as {{ dbt.type_int() }}) as step,
        cast(null as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(null as {{ dbt.type_string() }}) as cause
    where 1 = 0
{%- endmacro %}
