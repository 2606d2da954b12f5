{#- The canonical person id: the normalised email (trimmed, lower case) when there is
    one, so the same person in the CRM and in product analytics is one person;
    otherwise the source-native id prefixed by the source ('segment:u_42'). -#}
{% macro trig_person_id(source_name, email, record_id) -%}
  coalesce(nullif(lower(trim(cast({{ email }} as {{ dbt.type_string() }}))), ''), {{ trig.trig_prefixed(source_name, record_id) }})
{%- endmacro %}
