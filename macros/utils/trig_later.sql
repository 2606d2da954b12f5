{#- The later of two timestamps, either possibly null (greatest() treats null
    differently per warehouse). -#}
{% macro trig_later(a, b) -%}
case when ({{ a }}) is null then ({{ b }}) when ({{ b }}) is null or ({{ a }}) > ({{ b }}) then ({{ a }}) else ({{ b }}) end
{%- endmacro %}
