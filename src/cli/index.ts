console.log('lanewatch')
