console.log('simulator')
