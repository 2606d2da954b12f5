{#- The package version (kept equal to dbt_project.yml's `version`, checked by a test)
    and the version of the diff-table contract (docs/contracts/diff_tables.md) it writes.
    Bump the contract when a change would make an older runner misread the tables. -#}
{% macro trig_package_version() -%}
  {{ return('0.1.0') }}
{%- endmacro %}
