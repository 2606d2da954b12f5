{#- A column or relation name from configuration, checked to be a plain lower-case
    identifier so it can be written unquoted on every warehouse (Snowflake folds
    unquoted names to upper case, everyone else to lower case: both match). -#}
{% macro trig_identifier(name, where) -%}
  {%- if not modules.re.match('^[a-z_][a-z0-9_]*$', name | string) -%}
    {{ exceptions.raise_dependency_error("trig: " ~ where ~ ": '" ~ name ~ "' is not a valid name (use lower case letters, digits and underscores)") }}
  {%- endif -%}
  {{ return(name | string) }}
{%- endmacro %}
