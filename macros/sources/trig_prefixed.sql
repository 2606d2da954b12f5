{#- A source-native id as text, prefixed by its source ('hubspot:123'), so ids from
    different sources never collide; null stays null. -#}
{% macro trig_prefixed(source_name, record_id) -%}
  {{ dbt.concat([trig.trig_string_literal(source_name ~ ':'), 'cast(' ~ record_id ~ ' as ' ~ dbt.type_string() ~ ')']) }}
{%- endmacro %}
