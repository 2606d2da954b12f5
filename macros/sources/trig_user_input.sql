{#- The user's own organisations or people as the package reads them: the model named by
    var `trig_<input>_model`, or, when var `trig_<input>_snapshot` names a dbt snapshot
    of it, that snapshot read as of T (int_trig__<input>_as_of, ADR 306). Events have no
    snapshot: they are history already. -#}
{% macro trig_user_input(input) -%}
  {%- if input != 'events' and trig.trig_input_snapshot_name(input) -%}
    {{ return(ref('int_trig__' ~ input ~ '_as_of')) }}
  {%- endif -%}
  {{ return(trig.trig_input_ref('trig_' ~ input ~ '_model')) }}
{%- endmacro %}

{% macro trig_input_snapshot_name(input) -%}
  {{ return(var('trig_' ~ input ~ '_snapshot', none)) }}
{%- endmacro %}

{#- The body of int_trig__<input>_as_of: the snapshot's rows valid at T
    (valid_from <= T < valid_to, an open valid_to being current; an entity's first
    version also stands for every T before it), without the snapshot's own columns, and
    without rows that record a hard delete (`dbt_is_deleted`, dbt's
    `hard_deletes: new_record`). A snapshot whose valid_from / valid_to or id columns are
    missing is a compile error naming the var. -#}
{% macro trig_snapshot_as_of(input) -%}
  {%- set var_name = 'trig_' ~ input ~ '_snapshot' -%}
  {#- dbt parses a disabled model's body too: nothing to read then -#}
  {%- if trig.trig_input_snapshot_name(input) is none -%}{{ return('select 1 as disabled') }}{%- endif -%}
  {%- set snapshot = ref(var('trig_inputs_package', project_name), trig.trig_input_snapshot_name(input)) -%}
  {%- set meta = trig.trig_snapshot_meta_columns() -%}
  {%- set columns = trig.trig_columns_of(snapshot) -%}
  {%- set required = {'organisations': ['organisation_id'], 'people': ['person_id', 'organisation_id', 'email']}[input] -%}
  {%- if execute -%}
    {%- for column in [meta.dbt_valid_from, meta.dbt_valid_to] + required if column not in columns -%}
      {{ exceptions.raise_compiler_error(
          "trig: var '" ~ var_name ~ "' names '" ~ snapshot.identifier ~ "', which has no column '" ~ column
          ~ "' (did you mean '" ~ trig.trig_nearest_name(column, columns) ~ "'?). Point it at a dbt snapshot of your "
          ~ input ~ " model; if the snapshot renames its columns (snapshot_meta_column_names), set var "
          ~ "'trig_snapshot_meta_column_names' to the same mapping.") }}
    {%- endfor -%}
  {%- endif -%}
  {%- set t = trig.trig_t() -%}
  {%- set ts = dbt.type_timestamp() -%}
  with versions as (
      select
      {%- for column in columns if column not in meta.values() %}
          {{ column }},
      {%- endfor %}
      {%- if not columns %} *,{% endif %}
          cast({{ meta.dbt_valid_from }} as {{ ts }}) as trig_valid_from,
          cast({{ meta.dbt_valid_to }} as {{ ts }}) as trig_valid_to,
          {%- if meta.dbt_is_deleted in columns %}
          lower(coalesce(cast({{ meta.dbt_is_deleted }} as {{ dbt.type_string() }}), 'false')) = 'true' as trig_is_deleted,
          {%- else %}
          false as trig_is_deleted,
          {%- endif %}
          row_number() over (partition by {{ required[0] }} order by {{ meta.dbt_valid_from }}) as trig_version
      from {{ snapshot }}
  )

  select
  {%- for column in columns if column not in meta.values() %}
      {{ column }}{% if not loop.last %},{% endif %}
  {%- endfor %}
  {%- if not columns %} *{% endif %}
  {#- before its first recorded version an entity has that version's values (as without
      a snapshot), so a replay earlier than the first snapshot still sees it #}
  from versions
  where (trig_valid_from <= {{ t }} or trig_version = 1)
    and (trig_valid_to > {{ t }} or trig_valid_to is null)
    and not trig_is_deleted
{%- endmacro %}

{#- dbt's snapshot columns, renamed as in the snapshots' `snapshot_meta_column_names`
    when var `trig_snapshot_meta_column_names` repeats that mapping. -#}
{% macro trig_snapshot_meta_columns() -%}
  {%- set names = {
      'dbt_valid_from': 'dbt_valid_from', 'dbt_valid_to': 'dbt_valid_to', 'dbt_scd_id': 'dbt_scd_id',
      'dbt_updated_at': 'dbt_updated_at', 'dbt_is_deleted': 'dbt_is_deleted'} -%}
  {%- set custom = var('trig_snapshot_meta_column_names', {}) or {} -%}
  {%- for key, value in custom.items() -%}
    {%- if key not in names -%}
      {{ exceptions.raise_compiler_error(
          "trig: var 'trig_snapshot_meta_column_names': unknown key '" ~ key ~ "' (did you mean '"
          ~ trig.trig_nearest_name(key, names.keys() | list) ~ "'?)") }}
    {%- endif -%}
    {%- if not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', value | string) -%}
      {{ exceptions.raise_compiler_error(
          "trig: var 'trig_snapshot_meta_column_names': '" ~ value ~ "' for " ~ key ~ " is not a plain column name") }}
    {%- endif -%}
    {%- do names.update({key: value | lower}) -%}
  {%- endfor -%}
  {{ return(names) }}
{%- endmacro %}
