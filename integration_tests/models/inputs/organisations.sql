select * from {{ source('raw', 'organisations') }}
