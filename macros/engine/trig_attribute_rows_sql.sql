{#- The attribute rows of a few entities with only the generated attributes a reader
    names: the input, roll-up and write-back columns of int_trig__<entity>_attributes,
    and the lifecycle attributes among `columns` pivoted for those entities only. The
    wide views (trig_<entity>_attributes) pivot every entity's generated attributes before
    any filter, a cost that grows with the objects (issue 9); the values are theirs.

    `entity`: 'organisation' or 'person'. `columns`: column names of the wide view that
    the reader needs (the seeds' aliases included). `base_columns`: the input columns to
    select (none: all of them). Which entities: `organisations`, a query of organisation
    ids (those organisations, or their people), or `people`, a query of person ids.
    Readers: the pending actions, the entry explanations. -#}
{% macro trig_attribute_rows_sql(entity, columns, base_columns=none, organisations=none, people=none) -%}
  {%- set people_now = ref('stg_trig__people') -%}
  {%- if people is not none -%}
    {%- set rows_wanted = 'i.person_id in (' ~ people ~ ')' -%}
    {%- set own_wanted = 'entity_id in (' ~ people ~ ')' -%}
    {%- set their_organisations = 'select organisation_id from ' ~ people_now ~ ' where person_id in (' ~ people ~ ')' -%}
  {%- else -%}
    {%- set rows_wanted = 'i.organisation_id in (' ~ organisations ~ ')' -%}
    {%- set own_wanted = 'entity_id in (' ~ (organisations if entity == 'organisation' else 'select person_id from ' ~ people_now ~ ' where organisation_id in (' ~ organisations ~ ')') ~ ')' -%}
    {%- set their_organisations = organisations -%}
  {%- endif -%}
  {%- set key = entity ~ '_id' -%}
  {%- set own = trig.trig_generated_attributes_subset(entity, key, columns, own_wanted, 'own') -%}
  {#- a person's row also carries their organisation's generated attributes -#}
  {%- set of_organisation = trig.trig_generated_attributes_subset('organisation', 'organisation_id', columns, 'entity_id in (' ~ their_organisations ~ ')', 'org') if entity == 'person' else {'sql': none, 'columns': ''} -%}
    select {{ ('i.' ~ base_columns | join(', i.')) if base_columns else 'i.*' }}
        {{- own.columns }}{{ of_organisation.columns }}
    from {{ ref('int_trig__' ~ entity ~ '_attributes') }} as i
    {%- if own.sql %}
    left join ({{ own.sql }}) as own on own.{{ key }} = i.{{ key }}
    {%- endif %}
    {%- if of_organisation.sql %}
    left join ({{ of_organisation.sql }}) as org on org.organisation_id = i.organisation_id
    {%- endif %}
    where {{ rows_wanted }}
{%- endmacro %}
