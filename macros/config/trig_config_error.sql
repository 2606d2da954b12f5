{#- Every configuration mistake goes through here, so each message names the object,
    the key and (when there is one) the nearest valid name. -#}
{% macro trig_config_error(object_name, key, message, name=none, candidates=none) -%}
  {%- set msg = "trig: object '" ~ object_name ~ "', key '" ~ key ~ "': " ~ message -%}
  {%- if name is not none and candidates -%}
    {#- a reference never suggests the object that makes it (a job routing to itself) -#}
    {%- set nearest = trig.trig_nearest_name(name, candidates | reject('equalto', object_name) | list) -%}
    {%- if nearest -%}{%- set msg = msg ~ " (did you mean '" ~ nearest ~ "'?)" -%}{%- endif -%}
  {%- endif -%}
  {#- Not raise_compiler_error: dbt appends a "called by macro ..." line for every macro
      frame a compiler error passes through (4-8 lines of noise after each trig message).
      This error type carries only the model it happened in. -#}
  {{ exceptions.raise_dependency_error(msg) }}
{%- endmacro %}
