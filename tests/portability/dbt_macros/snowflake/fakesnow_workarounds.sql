{#- Test setup only (Snowflake through fakesnow), never in the package.

    fakesnow cannot create a TEMPORARY table under a database-qualified name ("TEMPORARY
    table names can only use the temp catalog"); dbt-snowflake qualifies every relation.
    dbt's unit tests stage their fixtures in such tables, so here they become transient
    tables (same SQL otherwise); they live in the test's own schema, dropped after it.
    Incremental models avoid temporary relations through `tmp_relation_type: transient`
    (SnowflakeWarehouse.customise_project). -#}
{% macro snowflake__create_table_temporary_sql(relation, compiled_code) -%}
{%- set contract_config = config.get('contract') -%}
{%- if contract_config.enforced -%}
    {{- get_assert_columns_equivalent(compiled_code) -}}
    {%- set compiled_code = get_select_subquery(compiled_code) -%}
{%- endif -%}
create or replace transient table {{ relation }}
    {%- if contract_config.enforced %}
    {{ get_table_columns_and_constraints() }}
    {%- endif %}
as (
    {{ compiled_code }}
    )
;
{%- endmacro %}
